"""PDF reports with ReportLab. Takes plain data objects only: never a Session, never Qt."""
