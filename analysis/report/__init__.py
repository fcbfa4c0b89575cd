"""`medium report`: the whole pipeline's story in one self-contained HTML folder.

Each section is gathered by one module from what its stage left behind (the status
database, the run folder, the explain and neighbourhood files) and appears only when
that stage has data; `page.py` renders them with Jinja2, autoescape on.

`write_report` is loaded on first use, so that `analysis.report.summary` (which `medium runs`
and `medium demo` read) comes without matplotlib and the report's other rooms.
"""

__all__ = ["write_report"]


def __getattr__(name: str):
    if name == "write_report":
        from analysis.report.build import write_report

        return write_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
