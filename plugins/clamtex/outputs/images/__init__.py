"""The image pipeline of the outputs layer: every picture the site shows, made light and
private (docs/architecture.md, "Images"). `Images` prepares and publishes; a `Picture` is
what views carry and the `picture.html` macro prints."""

from clamtex.outputs.images.pipeline import DEFAULT_WIDTHS, Images, Use, is_raster, uses_of_site
from clamtex.structure.pictures import Candidate, Picture, Source

__all__ = ["DEFAULT_WIDTHS", "Candidate", "Images", "Picture", "Source", "Use", "is_raster",
           "uses_of_site"]
