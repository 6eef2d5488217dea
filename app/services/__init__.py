"""Use cases: functions taking a Session and returning read models. No Qt, no pandas here
(spreadsheets go through `app.services.tabular`)."""
