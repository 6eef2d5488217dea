"""consortium profile: the consortium's name as state-owned data sent to the regions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consortium_profile',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortium_profile')),
    sa.UniqueConstraint('uid', name=op.f('uq_consortium_profile_uid'))
    )
    with op.batch_alter_table('consortium_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consortium_profile_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_consortium_profile_seq'), ['seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('consortium_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consortium_profile_seq'))
        batch_op.drop_index(batch_op.f('ix_consortium_profile_owner'))
    op.drop_table('consortium_profile')
