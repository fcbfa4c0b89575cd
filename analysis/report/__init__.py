"""`medium report`: the whole pipeline's story in one self-contained HTML folder.

Each section is gathered by one module from what its stage left behind (the status
database, the run folder, the explain and neighbourhood files) and appears only when
that stage has data; `page.py` renders them with Jinja2, autoescape on.
"""

from analysis.report.build import write_report

__all__ = ["write_report"]
