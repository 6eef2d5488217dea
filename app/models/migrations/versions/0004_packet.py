"""packet: evaluation criteria with weights, per-procurement section text overrides

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:04:18.802062
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evaluation_criteria',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=False),
    sa.Column('is_price_of_eligible', sa.Boolean(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_evaluation_criteria_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_criteria')),
    sa.UniqueConstraint('uid', name=op.f('uq_evaluation_criteria_uid'))
    )
    with op.batch_alter_table('evaluation_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_criteria_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_criteria_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_criteria_seq'), ['seq'], unique=False)

    op.create_table('packet_texts',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('section_key', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_packet_texts_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_texts')),
    sa.UniqueConstraint('uid', name=op.f('uq_packet_texts_uid'))
    )
    with op.batch_alter_table('packet_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_texts_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_packet_texts_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_packet_texts_seq'), ['seq'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('packet_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packet_texts_seq'))
        batch_op.drop_index(batch_op.f('ix_packet_texts_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_packet_texts_owner'))

    op.drop_table('packet_texts')
    with op.batch_alter_table('evaluation_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_criteria_seq'))
        batch_op.drop_index(batch_op.f('ix_evaluation_criteria_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_criteria_owner'))

    op.drop_table('evaluation_criteria')
