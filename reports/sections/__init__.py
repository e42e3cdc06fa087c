"""One module per report section: each a pure function from the typed report data
(``reports.data.ReportData``) to its section shape (``reports.shapes``); ``reports.context``
calls them in order."""
