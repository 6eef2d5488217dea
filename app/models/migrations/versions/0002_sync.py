"""sync tables: trusted peers, bundles in and out, conflicts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bundle_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('bundle_uid', sa.String(length=36), nullable=False),
    sa.Column('peer_instance_uid', sa.String(length=36), nullable=False),
    sa.Column('peer_scope', sa.String(length=16), nullable=False),
    sa.Column('seq_from', sa.Integer(), nullable=False),
    sa.Column('seq_to', sa.Integer(), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bundle_log')),
    sa.UniqueConstraint('direction', 'bundle_uid', name='uq_bundle_log_direction_bundle_uid')
    )
    with op.batch_alter_table('bundle_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bundle_log_bundle_uid'), ['bundle_uid'], unique=False)

    op.create_table('sync_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_uid', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('bundle_uid', sa.String(length=36), nullable=False),
    sa.Column('source_scope', sa.String(length=16), nullable=False),
    sa.Column('local_version', sa.Integer(), nullable=False),
    sa.Column('remote_version', sa.Integer(), nullable=False),
    sa.Column('local_fields', sa.JSON(), nullable=False),
    sa.Column('remote_fields', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolution', sa.String(length=10), nullable=False),
    sa.Column('resolved_by', sa.String(length=120), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts'))
    )
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflicts_record_uid'), ['record_uid'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflicts_status'), ['status'], unique=False)

    op.create_table('sync_peers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instance_uid', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('region', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=24), nullable=False),
    sa.Column('trusted_at', sa.DateTime(), nullable=False),
    sa.Column('trusted_by', sa.String(length=120), nullable=False),
    sa.Column('received_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_peers')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_sync_peers_fingerprint')),
    sa.UniqueConstraint('instance_uid', name=op.f('uq_sync_peers_instance_uid'))
    )


def downgrade() -> None:
    op.drop_table('sync_peers')
    with op.batch_alter_table('sync_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_status'))
        batch_op.drop_index(batch_op.f('ix_sync_conflicts_record_uid'))

    op.drop_table('sync_conflicts')
    with op.batch_alter_table('bundle_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bundle_log_bundle_uid'))

    op.drop_table('bundle_log')
