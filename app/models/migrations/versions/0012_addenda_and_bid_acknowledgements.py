"""addenda and bid acknowledgements

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 23:10:25

The numbered addenda to a posted packet (issue #17): what changed, when, and whether the
change is substantive (it then restarts E-rate's 28 days, DOMAIN.md §1.5). Synced, owned by
the state. A bid's `addenda_acknowledged` lists the numbers its vendor acknowledged ("1,2");
bids already received acknowledged none ('').
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('addenda',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_by', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('substantive', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_addenda_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addenda')),
    sa.UniqueConstraint('uid', name=op.f('uq_addenda_uid'))
    )
    with op.batch_alter_table('addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addenda_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_addenda_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_addenda_seq'), ['seq'], unique=False)

    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('addenda_acknowledged', sa.String(length=200), nullable=False,
                                      server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_column('addenda_acknowledged')

    with op.batch_alter_table('addenda', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addenda_seq'))
        batch_op.drop_index(batch_op.f('ix_addenda_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_addenda_owner'))

    op.drop_table('addenda')
