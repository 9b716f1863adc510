"""Find social and environmental clauses in French public tenders and score buyers against targets.

Data flows one way: sources -> documents -> passages -> findings -> decision -> tender facts -> scores -> reports.
Each stage is a sub-package; stages talk through the dataclasses they export.
"""

__version__ = "0.1.0"
