"""Partner profiles: content/<lang>/<partners_dir>/<id>.md, ordered by partners_order."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any, ClassVar

from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import (
    PARTNER_FIELDS,
    Entry,
    Loader,
    Partner,
    Site,
    Text,
    plain_text,
)
from clamtex.content.problems import Problem
from clamtex.kinds.base import ContentKind
from clamtex.outputs.cms import CmsCollection
from clamtex.outputs.jsonld import organization_jsonld
from clamtex.outputs.seo import script_json
from clamtex.structure.views import PageView, ViewFactory


class Partners(ContentKind):
    name = "partner"
    fields = PARTNER_FIELDS
    load_order = 10  # before the kinds whose entries name partners
    templates: ClassVar[Mapping[str, str]] = {"partner": "clamtex/partner.html"}
    full_width = frozenset({"partner"})
    searchable = frozenset({"partner"})
    collection = "partners"

    @property
    def folder(self) -> str:
        return self.options.partners_dir

    def claims(self, key: str) -> bool:
        parts = PurePosixPath(key).parts
        return len(parts) == 2 and parts[0] == self.folder and parts[1] != "index.md"

    # -- content ---------------------------------------------------------------------

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        loader.check_file_name("partner", key, source)
        partner_id = PurePosixPath(key).stem
        if "name" not in fields:
            return None
        partner = Partner(key=key, default=source.lang, id=partner_id, name=fields["name"],
                          acronym=fields.get("acronym", fields["name"]),
                          full_name=fields.get("full_name", ""),
                          country=fields.get("country", ""), region=fields.get("region", ""),
                          city=fields.get("city", ""), website=fields.get("website", ""),
                          email=fields.get("email", ""),
                          contact_url=fields.get("contact_url", ""),
                          logo=fields.get("logo", ""), role=fields.get("role", "partner"))
        if partner.region and partner.country and not partner.region.startswith(
                partner.country + "-"):
            loader.problem(source, "region", f"{partner.region} is not in country "
                           f"{partner.country}", "make the region code start with the country code")
        if partner.logo:
            loader.asset_exists(source, "logo", partner.logo)
        partner.texts[source.lang] = Text(source.lang, source, partner.name,
                                          fields.get("summary", ""), fields.get("logo_alt", ""))
        loader.site.partners[partner_id] = partner
        return partner

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        text = plain_text(entry, source, fields, alt_field="logo_alt")
        assert isinstance(entry, Partner)
        return Text(text.lang, text.source, entry.name, text.summary, text.image_alt)

    def finish(self, loader: Loader) -> None:
        site, settings = loader.site, loader.settings
        order = list(settings.partners_order)
        for partner_id in order:
            if partner_id not in site.partners:
                loader.problems.append(Problem(
                    "mkdocs.yml", 1, "partners_order", f"unknown partner '{partner_id}'",
                    f"remove it, or add content/{settings.default}/{self.folder}/"
                    f"{partner_id}.md"))
        ranked = {pid: i for i, pid in enumerate(order)}
        ordered = sorted(site.partners.values(),
                         key=lambda p: (ranked.get(p.id, len(ranked)),
                                        p.role != "coordinator", p.name.lower()))
        site.partners = {p.id: p for p in ordered}
        site.items[self.name] = list(ordered)

    # -- views -----------------------------------------------------------------------

    def cms_collection(self, site: Site) -> CmsCollection:
        return CmsCollection("Partners", {
            "label_singular": "Partner",
            "folder": f"content/{{{{locale}}}}/{self.folder}", "create": True,
            "extension": "md", "format": "frontmatter", "i18n": True,
            "identifier_field": "name", "slug": "{{name}}",
            "filter": {"field": "country", "pattern": "^[A-Z]{2}$"}})

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        assert isinstance(entry, Partner)
        view = views.base("partner", entry.key)
        view.partner = views.partner_card(entry)
        view.organization_json = self.organization_json(views, entry, view)
        return view

    @staticmethod
    def organization_json(views: ViewFactory, partner: Partner, view: PageView) -> str:
        """schema.org Organization of a partner, safe inside a <script> element."""
        card = view.partner
        assert card is not None
        return script_json(organization_jsonld(
            name=partner.name, url=view.canonical, context=True,
            logo=views.absolute(card.logo.src if card.logo else partner.logo),
            address={"addressCountry": partner.country,
                     "addressRegion": views.region(partner.region) if partner.region else "",
                     "addressLocality": partner.city},
            legal_name=partner.full_name,
            alternate_name=partner.acronym if partner.acronym != partner.name else "",
            description=card.summary, same_as=[partner.website] if partner.website else [],
            email=partner.email))
