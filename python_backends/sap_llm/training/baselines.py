"""Strong simple baselines the learned models must beat, on the same splits.

* Type / subtype: TF-IDF over word 1–2-grams and character 3–5-grams + logistic
  regression (one model for the type, one for (type, subtype) pairs,
  hierarchical at prediction).
* Fields: a per-word logistic regression over hand-made features (the word's
  shape and lower-cased text, its left neighbours on the line, the words above
  it, its position on the page) predicting the same BIO labels; its word
  probabilities go through the same constrained decoder as the tagger's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sap_llm.corpus.record import CorpusRecord
from sap_llm.models.features import fold


def doc_text(record: CorpusRecord) -> str:
    return " ".join(record.words)


@dataclass
class TfidfBaseline:
    vectorizer: object
    type_model: object
    sub_model: object
    sub_names: list[str]

    @classmethod
    def fit(cls, records: list[CorpusRecord]) -> TfidfBaseline:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        words = TfidfVectorizer(ngram_range=(1, 2), min_df=1, max_features=200_000, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=200_000,
                                sublinear_tf=True)
        texts = [doc_text(r) for r in records]
        x = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        # liblinear one-vs-rest: seconds on a few thousand documents (lbfgs multinomial over ~150
        # subtype classes and 400k features took many minutes on the shared 2-core machine).
        from sklearn.multiclass import OneVsRestClassifier

        def make() -> OneVsRestClassifier:
            return OneVsRestClassifier(LogisticRegression(C=10.0, solver="liblinear"))

        type_model = make().fit(x, [r.document_type for r in records])
        subs = [f"{r.document_type}/{r.subtype}" for r in records]
        sub_model = make().fit(x, subs)
        return cls((words, chars), type_model, sub_model, list(sub_model.classes_))

    def _x(self, records: Sequence[CorpusRecord]):
        from scipy.sparse import hstack

        texts = [doc_text(r) for r in records]
        return hstack([v.transform(texts) for v in self.vectorizer]).tocsr()

    def predict(self, records: Sequence[CorpusRecord]) -> tuple[list[str], list[str | None]]:
        x = self._x(records)
        types = list(self.type_model.predict(x))
        sub_probs = self.sub_model.predict_proba(x)
        subs: list[str | None] = []
        for t, probs in zip(types, sub_probs, strict=True):
            members = [i for i, n in enumerate(self.sub_names) if n.split("/", 1)[0] == t]
            subs.append(self.sub_names[max(members, key=lambda i: probs[i])].split("/", 1)[1] if members else None)
        return types, subs


_SHAPE_RE = [(re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$"), "date"), (re.compile(r"^-?[\d.,' ]*\d[.,]\d{2}-?$"), "amount"),
             (re.compile(r"^\d+$"), "int"), (re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{8,}$"), "iban"),
             (re.compile(r"^[A-Z0-9-/]*\d[A-Z0-9-/]*$"), "code"), (re.compile(r"^[A-Z][a-z]+$"), "Title"),
             (re.compile(r"^[A-Z]+$"), "UPPER")]


def _shape(word: str) -> str:
    for rx, name in _SHAPE_RE:
        if rx.match(word):
            return name
    return "other"


def word_features(words: Sequence[str], boxes: Sequence[Sequence[int]]) -> list[dict[str, float]]:
    """Per-word feature dicts: text, shape, two left neighbours on its line, the word above, position bins."""
    n = len(words)
    feats: list[dict[str, float]] = []
    lines: dict[int, list[int]] = {}
    for i, b in enumerate(boxes):
        lines.setdefault(round(((b[1] + b[3]) / 2) / 8), []).append(i)
    left: dict[int, list[int]] = {}
    for members in lines.values():
        members.sort(key=lambda i: boxes[i][0])
        for pos, i in enumerate(members):
            left[i] = members[max(0, pos - 2):pos]
    for i in range(n):
        w, b = words[i], boxes[i]
        f = {f"w={fold(w)}": 1.0, f"shape={_shape(w)}": 1.0, f"x={b[0] // 100}": 1.0, f"y={b[1] // 100}": 1.0,
             "bias": 1.0}
        for k, j in enumerate(reversed(left.get(i, []))):
            f[f"l{k}={fold(words[j]).strip(':')}"] = 1.0
            f[f"l{k}shape={_shape(words[j])}"] = 1.0
        if i > 0:
            f[f"prev={fold(words[i - 1]).strip(':')}"] = 1.0
        above = [j for j in range(max(0, i - 40), i) if boxes[j][3] <= b[1] and abs(boxes[j][0] - b[0]) < 60]
        if above:
            f[f"above={fold(words[above[-1]]).strip(':')}"] = 1.0
        feats.append(f)
    return feats


def _int32(matrix):
    """SGDClassifier accepts only 32-bit sparse indices (DictVectorizer may produce 64-bit ones)."""
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


@dataclass
class WordLogRegBaseline:
    vectorizer: object
    model: object
    labels: list[str]

    @classmethod
    def fit(cls, records: list[CorpusRecord], labels: list[str], max_words: int = 150_000) -> WordLogRegBaseline:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import SGDClassifier

        feats, ys = [], []
        index = {lab: i for i, lab in enumerate(labels)}
        for r in records:
            feats.extend(word_features(r.words, r.boxes))
            ys.extend(index.get(lab, 0) for lab in r.labels)
            if len(ys) >= max_words:
                break
        vec = DictVectorizer()
        x = _int32(vec.fit_transform(feats))
        model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=15, tol=None, random_state=0).fit(x, ys)
        return cls(vec, model, labels)

    def word_probs(self, words: Sequence[str], boxes: Sequence[Sequence[int]]) -> np.ndarray:
        if not words:
            return np.zeros((0, len(self.labels)))
        x = _int32(self.vectorizer.transform(word_features(words, boxes)))
        probs = np.zeros((len(words), len(self.labels)))
        probs[:, self.model.classes_] = self.model.predict_proba(x)
        return probs
