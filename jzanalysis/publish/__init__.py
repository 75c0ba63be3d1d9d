"""What people open: the report runner (papermill), reader pages and their sections, charts, PDF, the office workbook."""
