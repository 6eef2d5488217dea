"""procurements: lots, lot items, participating members, price tiers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:01:11.157255
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('procurements',
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('funding_year', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('lot_basis', sa.String(length=10), nullable=False),
    sa.Column('funding_sources', sa.String(length=60), nullable=False),
    sa.Column('estimated_total', sa.BigInteger(), nullable=False),
    sa.Column('form470_certified_on', sa.Date(), nullable=True),
    sa.Column('rfp_posted_on', sa.Date(), nullable=True),
    sa.Column('nc_advertised_on', sa.Date(), nullable=True),
    sa.Column('bid_due_on', sa.Date(), nullable=True),
    sa.Column('contract_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurements')),
    sa.UniqueConstraint('ref', name=op.f('uq_procurements_ref')),
    sa.UniqueConstraint('uid', name=op.f('uq_procurements_uid'))
    )
    with op.batch_alter_table('procurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurements_funding_year'), ['funding_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurements_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurements_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurements_status'), ['status'], unique=False)

    op.create_table('lots',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('basis_code', sa.String(length=20), nullable=False),
    sa.Column('erate_category', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_lots_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lots')),
    sa.UniqueConstraint('uid', name=op.f('uq_lots_uid'))
    )
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lots_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_lots_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lots_seq'), ['seq'], unique=False)

    op.create_table('lot_items',
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('estimated_unit_price', sa.BigInteger(), nullable=False),
    sa.Column('estimated_amount', sa.BigInteger(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['catalog_items.id'], name=op.f('fk_lot_items_item_id_catalog_items')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_lot_items_lot_id_lots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot_items')),
    sa.UniqueConstraint('uid', name=op.f('uq_lot_items_uid'))
    )
    with op.batch_alter_table('lot_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_items_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_items_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_items_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_lot_items_seq'), ['seq'], unique=False)

    op.create_table('procurement_members',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('estimated_amount', sa.BigInteger(), nullable=False),
    sa.Column('c2_amount', sa.BigInteger(), nullable=False),
    sa.Column('lots_taken', sa.Integer(), nullable=False),
    sa.Column('loa_ok', sa.Boolean(), nullable=False),
    sa.Column('loa_problems', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_procurement_members_member_id_members')),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_procurement_members_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procurement_members')),
    sa.UniqueConstraint('uid', name=op.f('uq_procurement_members_uid'))
    )
    with op.batch_alter_table('procurement_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procurement_members_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurement_members_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurement_members_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_procurement_members_seq'), ['seq'], unique=False)

    op.create_table('price_tiers',
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('lot_item_id', sa.Integer(), nullable=True),
    sa.Column('min_qty', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('vendor', sa.String(length=160), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['catalog_items.id'], name=op.f('fk_price_tiers_item_id_catalog_items')),
    sa.ForeignKeyConstraint(['lot_item_id'], ['lot_items.id'], name=op.f('fk_price_tiers_lot_item_id_lot_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_tiers')),
    sa.UniqueConstraint('uid', name=op.f('uq_price_tiers_uid'))
    )
    with op.batch_alter_table('price_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_tiers_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_price_tiers_lot_item_id'), ['lot_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_price_tiers_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_price_tiers_seq'), ['seq'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('price_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_tiers_seq'))
        batch_op.drop_index(batch_op.f('ix_price_tiers_owner'))
        batch_op.drop_index(batch_op.f('ix_price_tiers_lot_item_id'))
        batch_op.drop_index(batch_op.f('ix_price_tiers_item_id'))

    op.drop_table('price_tiers')
    with op.batch_alter_table('procurement_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurement_members_seq'))
        batch_op.drop_index(batch_op.f('ix_procurement_members_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_procurement_members_owner'))
        batch_op.drop_index(batch_op.f('ix_procurement_members_member_id'))

    op.drop_table('procurement_members')
    with op.batch_alter_table('lot_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_items_seq'))
        batch_op.drop_index(batch_op.f('ix_lot_items_owner'))
        batch_op.drop_index(batch_op.f('ix_lot_items_lot_id'))
        batch_op.drop_index(batch_op.f('ix_lot_items_item_id'))

    op.drop_table('lot_items')
    with op.batch_alter_table('lots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lots_seq'))
        batch_op.drop_index(batch_op.f('ix_lots_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_lots_owner'))

    op.drop_table('lots')
    with op.batch_alter_table('procurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procurements_status'))
        batch_op.drop_index(batch_op.f('ix_procurements_seq'))
        batch_op.drop_index(batch_op.f('ix_procurements_owner'))
        batch_op.drop_index(batch_op.f('ix_procurements_funding_year'))

    op.drop_table('procurements')
