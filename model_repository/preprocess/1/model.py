"""Triton model for one pipeline stage (its name is this model's name): STATE JSON in, STATE JSON out.

Thin on purpose: the bytes become a ``DocumentState``, ``sap_llm.pipeline.run_stage`` runs the stage
function registered under this model's name (the same one ``sap-llm process --local`` runs), and the
updated state goes back. A document the stage cannot process comes back with ``error`` set (it is
then ``rejected``); only a request without a STATE input is answered with a Triton error.
"""

import triton_python_backend_utils as pb_utils

from sap_llm.serving import adapters
from sap_llm.serving.triton_support import bytes_tensor, error_response, input_bytes, stage_runtime


class TritonPythonModel:
    def initialize(self, args):
        self.stage = args["model_name"]
        self.runtime = stage_runtime(args, pb_utils.Logger)

    def execute(self, requests):
        responses = []
        for request in requests:
            state = input_bytes(request, "STATE")
            if not state:
                responses.append(error_response(f"{self.stage}: the STATE input (DocumentState JSON) is missing"))
                continue
            try:
                out = adapters.stage_to_json(self.stage, state, self.runtime)
            except ValueError as exc:  # the STATE is not a valid DocumentState
                responses.append(error_response(f"{self.stage}: STATE is not a valid document state: {exc}"))
                continue
            responses.append(pb_utils.InferenceResponse(output_tensors=[bytes_tensor("STATE", out)]))
        return responses

    def finalize(self):
        self.runtime.close()
