// The engine's hooks for Sveltia CMS, loaded right after its bundle (outputs/cms.py).
//
// Before an entry is saved:
// - originals (the default language) never carry translation marks (stub, source_hash):
//   `clamtex check` refuses them there;
// - a translation whose box "This translation is up to date with the original" is ticked
//   gets `source_hash`: the same hash of the original's translatable text that
//   `clamtex status --mark-translated` writes (commands/status.py, `source_hash`), so
//   `clamtex status` counts it as translated until the original changes again;
// - the tick box itself is never written (it is not front matter);
// - uploaded files are written as the model reads them, relative to content/
//   (assets/images/x.png): Sveltia always writes its public folder with a leading "/";
// - an item with an image must describe it (image_alt) in every language it is saved in.
(() => {
  "use strict";
  const TRANSLATABLE = ["title", "summary", "image_alt", "logo_alt"];
  const MARK = "translation_up_to_date";
  const ASSETS = "assets";  // content/assets/: cms.py ASSETS_DIR
  // The characters Python's str.split() splits on (status.py normalises with it).
  const SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  const ESCAPES = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                    "\b": "\\b", "\f": "\\f" };

  const text = (value) => (value === undefined || value === null ? "" : String(value));
  const normalise = (value) => text(value).split(SPACE).filter(Boolean).join(" ");
  // json.dumps(..., ensure_ascii=False) of one string.
  const pyString = (value) => '"' + value.replace(/[\\"\x00-\x1f]/g, (c) =>
    ESCAPES[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + '"';

  /** status.source_hash of an original's data: sha256 of its translatable text, 16 hex. */
  async function sourceHash(data) {
    const parts = { body: normalise(data.body) };
    for (const name of TRANSLATABLE) parts[name] = normalise(data[name]);
    const payload = "{" + Object.keys(parts).sort()
      .map((key) => `${pyString(key)}: ${pyString(parts[key])}`).join(", ") + "}";
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(payload));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0"))
      .join("").slice(0, 16);
  }
  window.clamtexSourceHash = sourceHash;  // compared with Python's in tests/browser/test_cms.py

  async function beforeSave({ entry }) {
    let data = entry.get("data");
    const original = data.toJS();
    const hash = await sourceHash(original);
    data = data.delete("stub").delete("source_hash").delete(MARK);
    for (const [name, value] of data.entrySeq().toArray()) {
      if (typeof value === "string" && value.startsWith(`/${ASSETS}/`)) {
        data = data.set(name, value.slice(1));
      }
    }
    if (original.image && !text(original.image_alt).trim()) {
      throw new Error("image_alt: missing: describe the image in a short sentence");
    }
    let result = entry.set("data", data);
    const translations = entry.get("i18n");
    for (const locale of translations ? translations.keySeq().toArray() : []) {
      let own = translations.getIn([locale, "data"]);
      if (!own) continue;
      const ticked = own.get(MARK) === true;
      const stub = own.get("stub") === true;
      own = own.delete(MARK);
      if (!stub) own = own.delete("stub");
      if (ticked && !stub) own = own.set("source_hash", hash);
      else if (!own.get("source_hash")) own = own.delete("source_hash");
      if (original.image && !stub && !text(own.get("image_alt")).trim()) {
        throw new Error(`image_alt (${locale}): missing: describe the image in this language`);
      }
      result = result.setIn(["i18n", locale, "data"], own);
    }
    return result;
  }

  window.CMS.registerEventListener({ name: "preSave", handler: beforeSave });
})();
