"""allocation: allocations, piggyback joins, per-line awards

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 21:51:48

The allocation of an awarded procurement's lots back to the members' need lines (the vendor,
contract price, savings and E-rate figures each award letter prints), the members that joined
an awarded contract later (piggyback), and an award's optional lot line (a per-line award).
All synced, owned by the state; an existing award covers its whole lot.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('piggyback_joins',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('notice_on', sa.Date(), nullable=False),
    sa.Column('board_approved_on', sa.Date(), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_piggyback_joins_member_id_members')),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_piggyback_joins_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_piggyback_joins')),
    sa.UniqueConstraint('uid', name=op.f('uq_piggyback_joins_uid'))
    )
    with op.batch_alter_table('piggyback_joins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_piggyback_joins_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_piggyback_joins_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_piggyback_joins_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_piggyback_joins_seq'), ['seq'], unique=False)

    op.create_table('allocations',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('lot_item_id', sa.Integer(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=True),
    sa.Column('how', sa.String(length=20), nullable=False),
    sa.Column('chosen_vendor', sa.String(length=160), nullable=False),
    sa.Column('piggyback', sa.Boolean(), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('own_unit_price', sa.BigInteger(), nullable=False),
    sa.Column('erate_category', sa.String(length=10), nullable=False),
    sa.Column('discount', sa.Integer(), nullable=False),
    sa.Column('eligible', sa.BigInteger(), nullable=False),
    sa.Column('erate_share', sa.BigInteger(), nullable=False),
    sa.Column('over_budget', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['awards.id'], name=op.f('fk_allocations_award_id_awards')),
    sa.ForeignKeyConstraint(['lot_item_id'], ['lot_items.id'], name=op.f('fk_allocations_lot_item_id_lot_items')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_allocations_member_id_members')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_allocations_need_id_needs')),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_allocations_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations')),
    sa.UniqueConstraint('uid', name=op.f('uq_allocations_uid'))
    )
    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocations_award_id'), ['award_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_lot_item_id'), ['lot_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_allocations_seq'), ['seq'], unique=False)

    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lot_item_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_awards_lot_item_id'), ['lot_item_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_awards_lot_item_id_lot_items'), 'lot_items', ['lot_item_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('awards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_awards_lot_item_id_lot_items'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_awards_lot_item_id'))
        batch_op.drop_column('lot_item_id')

    with op.batch_alter_table('allocations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_allocations_seq'))
        batch_op.drop_index(batch_op.f('ix_allocations_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_allocations_owner'))
        batch_op.drop_index(batch_op.f('ix_allocations_need_id'))
        batch_op.drop_index(batch_op.f('ix_allocations_member_id'))
        batch_op.drop_index(batch_op.f('ix_allocations_lot_item_id'))
        batch_op.drop_index(batch_op.f('ix_allocations_award_id'))

    op.drop_table('allocations')
    with op.batch_alter_table('piggyback_joins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_piggyback_joins_seq'))
        batch_op.drop_index(batch_op.f('ix_piggyback_joins_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_piggyback_joins_owner'))
        batch_op.drop_index(batch_op.f('ix_piggyback_joins_member_id'))

    op.drop_table('piggyback_joins')
