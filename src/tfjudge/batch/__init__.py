"""`tfjudge batch`: grade a dataset of thousands of answers, on one machine or a Ray cluster.

The stages, one module each:

| module | what it does |
|---|---|
| `items` | an `Item` to grade and its `Graded` result (the two rows it adds to the output) |
| `inputs` | reads a dataset as a stream: case folders, JSONL, CSV, Parquet |
| `grade` | grades one item (runs in a worker process, never in the driver) |
| `worker` | the worker process: a time and memory limit per item, crash isolation |
| `local` | the local engine: a pool of worker processes |
| `ray_engine` | the Ray engine: the same work as Ray tasks in batches |
| `journal` | `responses.jsonl` and `findings.jsonl`, written in input order; `--resume` |
| `database` | `results.duckdb` built from the journal |
| `report` | the aggregate report (md and html, matplotlib plots) |
| `runner` | ties them together with the progress display |

Nothing here is imported by `tfjudge analyze`; duckdb, pyarrow, matplotlib and ray are
imported inside the functions that need them (extras `tfjudge[batch]` and `tfjudge[ray]`).
"""
