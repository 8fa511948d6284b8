"""File exports of identification's data (CSV now; the report's XLSX and PDF reuse these)."""
