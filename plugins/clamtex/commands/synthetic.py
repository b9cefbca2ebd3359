"""A realistic synthetic site for benchmarks and tests: the real site plus N news items.

The real mkdocs.yml and content/ are copied, then N items are added in every language
with full front matter (date, summary, tags, partners, image), ~400 words of body text in
four sections and a link to another page. Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

LANGS = ("en", "es", "ca", "pt", "fr")
TAGS = ("project-meetings", "benchmarking", "training", "clusterxchange", "communication")
PARTNERS = ("aei-textils", "ateval", "produtech", "textile-cluster", "emc2")
IMAGE = "assets/images/news/2020-06-30-second-project-meeting.svg"
PREFIX = "bench"

_VOCABULARY = {
    "en": "cluster partners textile advanced manufacturing training benchmarking companies "
          "strategy excellence europe region workshop meeting members innovation skills "
          "exchange visit market digital sustainable project results network support "
          "industry future plan review",
    "es": "clúster socios textil fabricación avanzada formación análisis empresas "
          "estrategia excelencia europa región taller reunión miembros innovación "
          "competencias intercambio visita mercado digital sostenible proyecto resultados "
          "red apoyo industria futuro plan revisión",
    "ca": "clúster socis tèxtil fabricació avançada formació anàlisi empreses estratègia "
          "excel·lència europa regió taller reunió membres innovació competències "
          "intercanvi visita mercat digital sostenible projecte resultats xarxa suport "
          "indústria futur pla revisió",
    "pt": "cluster parceiros têxtil fabrico avançado formação análise empresas estratégia "
          "excelência europa região oficina reunião membros inovação competências "
          "intercâmbio visita mercado digital sustentável projeto resultados rede apoio "
          "indústria futuro plano revisão",
    "fr": "cluster partenaires textile fabrication avancée formation analyse entreprises "
          "stratégie excellence europe région atelier réunion membres innovation "
          "compétences échange visite marché numérique durable projet résultats réseau "
          "soutien industrie avenir plan revue",
}
WORDS = {lang: text.split() for lang, text in _VOCABULARY.items()}
HEADINGS = {
    "en": ("Background", "What was discussed", "Results", "Next steps"),
    "es": ("Contexto", "Qué se debatió", "Resultados", "Próximos pasos"),
    "ca": ("Context", "Què es va debatre", "Resultats", "Propers passos"),
    "pt": ("Contexto", "O que se discutiu", "Resultados", "Próximos passos"),
    "fr": ("Contexte", "Ce qui a été discuté", "Résultats", "Prochaines étapes"),
}
LINK_TEXT = {"en": "ClusterXchange", "es": "ClusterXchange", "ca": "ClusterXchange",
             "pt": "ClusterXchange", "fr": "ClusterXchange"}


def _sentence(rng: random.Random, words: list[str]) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(9, 16))]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, words: list[str], sentences: int = 6) -> str:
    return " ".join(_sentence(rng, words) for _ in range(sentences))


def item_key(index: int) -> str:
    """The path of item `index` under a language folder, e.g. 'news/2021-03-07-bench-00012.md'."""
    day = dt.date(2021, 1, 1) + dt.timedelta(days=index)
    return f"news/{day.isoformat()}-{PREFIX}-{index:05d}.md"


def item_text(index: int, lang: str) -> str:
    """One item's Markdown in one language: front matter and ~400 words."""
    rng = random.Random(f"{index}-{lang}")
    words = WORDS[lang]
    day = dt.date(2021, 1, 1) + dt.timedelta(days=index)
    title = f"{_sentence(rng, words)[:-1]} ({index})"
    summary = _sentence(rng, words)
    lines = ["---", f'title: "{title}"']
    if lang == "en":
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        partners = sorted(rng.sample(PARTNERS, rng.randint(1, 4)))
        lines += [f"date: {day.isoformat()}", f"tags: [{', '.join(tags)}]",
                  f"partners: [{', '.join(partners)}]", f"image: {IMAGE}"]
    lines += [f'summary: "{summary}"', f'image_alt: "{_sentence(rng, words)}"', "---", ""]
    lines.append(_paragraph(rng, words, 4))
    for number, heading in enumerate(HEADINGS[lang]):
        lines += ["", f"## {heading}", "", _paragraph(rng, words, 5)]
        if number == 1:
            lines[-1] += f" [{LINK_TEXT[lang]}](../clusterxchange.md)."
    return "\n".join(lines) + "\n"


def add_photos(site: Path, photo: Path, count: int) -> int:
    """Give the first `count` items a real-size photo each (distinct bytes: the variant
    cache is keyed by them; a tag after the JPEG's end marker, which decoders ignore)."""
    data = photo.read_bytes()
    folder = site / "content" / "assets" / "images" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    done = 0
    for index in range(count):
        path = site / "content" / "en" / item_key(index)
        if not path.is_file():
            break
        name = f"photo-{index:04d}.jpg"
        (folder / name).write_bytes(data + f"clamtex-bench-{index}".encode())
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"image: {IMAGE}", f"image: assets/images/bench/{name}"),
                        encoding="utf-8")
        done += 1
    return done


def generate(source: Path, dest: Path, items: int, *, untranslated: tuple[int, ...] = (),
             langs: tuple[str, ...] = LANGS) -> Path:
    """Copy the project at `source` (mkdocs.yml, content/) to `dest` and add `items` items.

    Items whose index is in `untranslated` exist in English only. Returns `dest`.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(source / "content", dest / "content", dirs_exist_ok=True)
    for index in range(items):
        key = item_key(index)
        for lang in langs:
            if lang != "en" and index in untranslated:
                continue
            path = dest / "content" / lang / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item_text(index, lang), encoding="utf-8")
    return dest
