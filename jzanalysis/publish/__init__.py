"""What people open: the report runner (papermill), reader pages, briefing, charts, PDF, the office workbook."""
