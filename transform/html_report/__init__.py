"""The run report as one HTML page (`--html`, `transform report REPORT.json --html`): drawn from
the JSON report, the published set (validated as `transform validate` does) and the state
folder's history, so it sits above the pipeline, beside the library's front door."""
