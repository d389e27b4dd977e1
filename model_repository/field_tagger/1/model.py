"""The field tagger's ONNX model on onnxruntime (CPU), batching requests Triton's dynamic batcher groups.

Inputs and outputs are read from ``model.onnx`` itself (``auto_complete_config``), so the trained
model's signature is the only source of truth. Requests are padded to a common length on axis 1,
run as one batch, and split back (``sap_llm.serving.adapters.pad_and_stack`` / ``split_outputs``).
"""

from pathlib import Path

from sap_llm.serving.triton_support import OnnxBatchModel, complete_config_from_onnx


class TritonPythonModel(OnnxBatchModel):
    @staticmethod
    def auto_complete_config(auto_complete_model_config):
        return complete_config_from_onnx(auto_complete_model_config, Path(__file__).with_name("model.onnx"))
