"""Forms of the surveys app, a module per page: building a survey (`survey`), answering
it (`public`), and the import steps (`upload`, `mapping`, `decisions`)."""
