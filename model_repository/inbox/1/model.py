"""Triton model for stage 1 (inbox): DOCUMENT bytes + FILENAME in, ITEMS JSON out.

ITEMS = ``{"inbox_ms": float, "items": [{"state": DocumentState} | {"result": ProcessResult}, ...]}``:
accepted documents (an .eml yields one per attachment) and rejections already in the contract's shape.
"""

import triton_python_backend_utils as pb_utils

from sap_llm.serving import adapters
from sap_llm.serving.triton_support import bytes_tensor, error_response, input_bytes, stage_runtime


class TritonPythonModel:
    def initialize(self, args):
        self.runtime = stage_runtime(args, pb_utils.Logger)

    def execute(self, requests):
        responses = []
        for request in requests:
            data = input_bytes(request, "DOCUMENT")
            if data is None:
                responses.append(error_response("inbox: the DOCUMENT input (the file's bytes) is missing"))
                continue
            source = adapters.decode_filename(input_bytes(request, "FILENAME"))
            items = adapters.intake_to_json(data, source, self.runtime)
            responses.append(pb_utils.InferenceResponse(output_tensors=[bytes_tensor("ITEMS", items)]))
        return responses

    def finalize(self):
        self.runtime.close()
