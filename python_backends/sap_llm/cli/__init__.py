"""The ``sap-llm`` command line: one module per command group, registered here.

Command modules import heavy libraries (torch, onnxruntime, tritonclient) inside
their functions so that ``sap-llm --help`` stays instant.
"""

from __future__ import annotations

import typer

from sap_llm import __version__
from sap_llm.cli import contract, corpus, eval_cmd, kb, layout, models, run, serve

app = typer.Typer(
    name="sap-llm",
    help="Business documents in, validated SAP S/4HANA transactions out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(contract.app, name="contract", help="The document contract (ADC): types, fields, JSON Schemas.")
app.add_typer(corpus.app, name="corpus", help="Synthetic corpus generation and corpus building from real sources.")
app.add_typer(kb.app, name="kb", help="Knowledge base compiled from SAP OData metadata.")
app.add_typer(models.app, name="train", help="Train the document classifier and the field tagger.")
app.command("evaluate-model", help="Evaluate a trained model on a corpus split.")(models.evaluate_model)
app.command("process", help="Process documents through the 8-stage pipeline.")(run.process)
app.command("demo", help="Generate sample documents, serve them through Triton, show the results.")(run.demo)
app.command("serve", help="Start the Triton server on the model repository.")(serve.serve)
app.command("eval", help="End-to-end evaluation of the pipeline with a report.")(eval_cmd.eval_pipeline)
app.command("layout", help="Stages 1-2 only: intake + preprocess files/folders, print layout summaries.")(layout.layout)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sap-llm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Business documents in, validated SAP S/4HANA transactions out."""


def main() -> None:
    app()
