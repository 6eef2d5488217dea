"""award: awards, contracts and their prices

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 19:53:25

The award of a procurement's lots (one row per awarded vendor, or a recorded no-award), the
contract each award records and its not-to-exceed unit prices with volume tiers. All three
are synced, owned by the state; nothing existing changes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('awards',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('basis', sa.String(length=40), nullable=False),
    sa.Column('no_award_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_awards_procurement_id_procurements')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_awards_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_awards')),
    sa.UniqueConstraint('uid', name=op.f('uq_awards_uid'))
    )
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_awards_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_awards_vendor_id'), ['vendor_id'], unique=False)

    op.create_table('contracts',
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('term_months', sa.Integer(), nullable=False),
    sa.Column('renewal_options', sa.Integer(), nullable=False),
    sa.Column('board_approved_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['awards.id'], name=op.f('fk_contracts_award_id_awards')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('award_id', name=op.f('uq_contracts_award_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_contracts_uid'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_seq'), ['seq'], unique=False)

    op.create_table('contract_prices',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('lot_item_id', sa.Integer(), nullable=False),
    sa.Column('min_qty', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_prices_contract_id_contracts')),
    sa.ForeignKeyConstraint(['lot_item_id'], ['lot_items.id'], name=op.f('fk_contract_prices_lot_item_id_lot_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_prices')),
    sa.UniqueConstraint('uid', name=op.f('uq_contract_prices_uid'))
    )
    with op.batch_alter_table('contract_prices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_prices_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_prices_lot_item_id'), ['lot_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_prices_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_prices_seq'), ['seq'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('contract_prices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_prices_seq'))
        batch_op.drop_index(batch_op.f('ix_contract_prices_owner'))
        batch_op.drop_index(batch_op.f('ix_contract_prices_lot_item_id'))
        batch_op.drop_index(batch_op.f('ix_contract_prices_contract_id'))

    op.drop_table('contract_prices')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_seq'))
        batch_op.drop_index(batch_op.f('ix_contracts_owner'))
        batch_op.drop_index(batch_op.f('ix_contracts_number'))

    op.drop_table('contracts')
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_awards_vendor_id'))
        batch_op.drop_index(batch_op.f('ix_awards_seq'))
        batch_op.drop_index(batch_op.f('ix_awards_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_awards_owner'))

    op.drop_table('awards')
