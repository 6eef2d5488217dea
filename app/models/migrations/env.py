"""Alembic environment: migrations run on the connection the program hands over."""

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from app.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the program always passes a connection
    raise RuntimeError("run migrations through app.models.migrate, not the alembic CLI")



def render_item(type_: str, obj: object,
                autogen_context: AutogenContext) -> str | Literal[False]:
    """Render the program's column types as their plain storage type, so that old
    revisions never depend on today's Python classes."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl.__class__.__name__}()"
    return False


context.configure(
    connection=connection,
    render_item=render_item,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
