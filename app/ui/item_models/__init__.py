"""Qt item models (named so they are not confused with `app.models`, the stored data)."""
