"""instance: the state's OCDS ocid prefix

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 22:55:00

The prefix `consortium ocds export` puts before a procurement's ref to make its ocid
(issue #17). Kept on the instance identity: a setting of the state instance, never synced.
None until set: the export then uses the placeholder prefix.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('instance_identity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ocid_prefix', sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('instance_identity', schema=None) as batch_op:
        batch_op.drop_column('ocid_prefix')
