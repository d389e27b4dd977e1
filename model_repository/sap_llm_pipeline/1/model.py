"""The pipeline's single entry point (BLS): DOCUMENT bytes, FILENAME, OPTIONS in; RESULT (contract JSON) out.

The flow is ``sap_llm.pipeline.run_flow`` — the same function ``Pipeline.process_bytes`` runs — with
its steps bound either to BLS calls on the stage models (``stage_execution: bls``) or to the stage
functions in this process (``inline``); the trained models are reached through Triton either way, so
``doc_classifier`` / ``field_tagger`` batch across documents. The flow branches: a rejection at
intake ends there, a stage error ends that document, an .eml fans out into several documents (RESULT
is then a JSON array). Counters go to Triton's metrics endpoint.
"""

import triton_python_backend_utils as pb_utils

from sap_llm.errors import StageError
from sap_llm.serving import adapters
from sap_llm.serving.triton_support import (
    PipelineMetrics,
    PipelineRunner,
    bytes_tensor,
    error_response,
    input_bytes,
)


class TritonPythonModel:
    def initialize(self, args):
        self.runner = PipelineRunner(args, pb_utils.Logger)
        self.metrics = PipelineMetrics()

    def execute(self, requests):
        responses = []
        for request in requests:
            data = input_bytes(request, "DOCUMENT")
            if data is None:
                responses.append(error_response("the DOCUMENT input (the file's bytes, BYTES tensor) is missing"))
                continue
            source = adapters.decode_filename(input_bytes(request, "FILENAME"))
            try:
                options = adapters.parse_options(input_bytes(request, "OPTIONS"))
            except StageError as exc:
                responses.append(error_response(exc.message))
                continue
            results = self.runner.process(data, source, options)
            for result in results:
                self.metrics.observe_result(adapters.result_dict(result))
            body = adapters.results_to_json(results)
            responses.append(pb_utils.InferenceResponse(output_tensors=[bytes_tensor("RESULT", body)]))
        return responses

    def finalize(self):
        self.runner.close()
