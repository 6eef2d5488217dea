"""evaluation: packet issues and scores

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 19:27:41

The final packet's issue (when, by whom, the PDF's SHA-256, the criteria as printed) and the
evaluators' scores per lot, vendor and criterion. Both stay in the state's store (never
synced); nothing existing changes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evaluation_scores',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=160), nullable=False),
    sa.Column('evaluator', sa.String(length=120), nullable=False),
    sa.Column('points', sa.BigInteger(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_evaluation_scores_procurement_id_procurements')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_evaluation_scores_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_scores')),
    sa.UniqueConstraint('procurement_id', 'lot_number', 'vendor_id', 'criterion', 'evaluator', name='uq_evaluation_scores_key'),
    sa.UniqueConstraint('uid', name=op.f('uq_evaluation_scores_uid'))
    )
    with op.batch_alter_table('evaluation_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_scores_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_scores_vendor_id'), ['vendor_id'], unique=False)

    op.create_table('packet_issues',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.String(length=120), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('criteria_json', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_packet_issues_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_issues')),
    sa.UniqueConstraint('uid', name=op.f('uq_packet_issues_uid'))
    )
    with op.batch_alter_table('packet_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_issues_procurement_id'), ['procurement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('packet_issues', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packet_issues_procurement_id'))

    op.drop_table('packet_issues')
    with op.batch_alter_table('evaluation_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_scores_vendor_id'))
        batch_op.drop_index(batch_op.f('ix_evaluation_scores_procurement_id'))

    op.drop_table('evaluation_scores')
