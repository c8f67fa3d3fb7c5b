"""The results spreadsheet: reading CSV and XLSX files (reading), planning an import (planning),
applying it (applying), and writing an organisation's submissions back out in the same format
(exporting).

Format (see DOMAIN.md): one row per organisation per edition, with the columns organisation,
edition, total_score, rank, sector_rank, sector_entrants, award and section_1 … section_N.

How cells are read:

- Only the columns present in the file are set. An empty cell (or "-" or "n/a") means
  "not known" and sets the value to unknown (the preview says which recorded values that
  clears); for award, which is always recorded, it changes nothing.
- Figures that are allowed but disagree with each other (a rank inside the Top 100 with no
  award, sector entrants unlike others of the same sector and edition) are warned about in
  the preview, not refused.
- A section_N column that the row's edition's round does not have must be empty in that row,
  so one file (and one export) can hold editions from several criteria rounds.
- An empty section cell leaves any comment on that section's result in place and only clears
  the score.
- Figures are checked by the form fields of the About the result and section pages
  (``forms.imports.ResultsRowFields``), so a cell is refused with the words its box on a page
  would get; rules across columns use the model's messages.
"""

from submissions.imports.applying import CONCURRENT_IMPORT_MESSAGE, results_import
from submissions.imports.exporting import results_export
from submissions.imports.planning import Change, FigureWarning, ImportPlan, name_key, results_plan
from submissions.imports.reading import (
    FIXED_COLUMNS,
    Problem,
    Problems,
    ResultsFileError,
    ResultsImportError,
)

__all__ = [
    "CONCURRENT_IMPORT_MESSAGE",
    "FIXED_COLUMNS",
    "Change",
    "FigureWarning",
    "ImportPlan",
    "Problem",
    "Problems",
    "ResultsFileError",
    "ResultsImportError",
    "name_key",
    "results_export",
    "results_import",
    "results_plan",
]
