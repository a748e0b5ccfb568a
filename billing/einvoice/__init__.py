"""EN 16931 e-invoices of issued documents: CII XML, PDF/A-3 embedding, pre-issue checks."""
