"""vendor registry, compliance lists, sealed bids; provenance of E-rate figures; item brand

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:17:01

Vendors gain the registry's fields; the three compliance flags give way to compliance lists
(the state's, synced) and SAM.gov checks. Bids, their lines and tiers, the received files and
the opening stay in the state's store (never synced). Members and schools record where their
E-rate figures came from; figures already in a store count as entered until confirmed.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('bid_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_files')),
    sa.UniqueConstraint('sha256', name=op.f('uq_bid_files_sha256'))
    )
    op.create_table('compliance_lists',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('list_date', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_lists')),
    sa.UniqueConstraint('kind', name=op.f('uq_compliance_lists_kind')),
    sa.UniqueConstraint('uid', name=op.f('uq_compliance_lists_uid'))
    )
    with op.batch_alter_table('compliance_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_lists_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_lists_seq'), ['seq'], unique=False)

    op.create_table('bid_openings',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.String(length=120), nullable=False),
    sa.Column('witnesses', sa.Text(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_bid_openings_procurement_id_procurements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_openings')),
    sa.UniqueConstraint('procurement_id', name=op.f('uq_bid_openings_procurement_id')),
    sa.UniqueConstraint('uid', name=op.f('uq_bid_openings_uid'))
    )
    op.create_table('bids',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_by', sa.String(length=120), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bidder_name', sa.String(length=160), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by', sa.String(length=120), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_bids_procurement_id_procurements')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_bids_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bids')),
    sa.UniqueConstraint('uid', name=op.f('uq_bids_uid'))
    )
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bids_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bids_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_bids_vendor_id'), ['vendor_id'], unique=False)

    op.create_table('compliance_entries',
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('normalized', sa.String(length=200), nullable=False),
    sa.Column('affiliate_of', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['compliance_lists.id'], name=op.f('fk_compliance_entries_list_id_compliance_lists')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_entries')),
    sa.UniqueConstraint('uid', name=op.f('uq_compliance_entries_uid'))
    )
    with op.batch_alter_table('compliance_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_entries_list_id'), ['list_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_entries_normalized'), ['normalized'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_entries_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_compliance_entries_seq'), ['seq'], unique=False)

    op.create_table('sam_checks',
    sa.Column('procurement_id', sa.Integer(), nullable=False),
    sa.Column('vendor_id', sa.Integer(), nullable=False),
    sa.Column('checked_by', sa.String(length=120), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['procurement_id'], ['procurements.id'], name=op.f('fk_sam_checks_procurement_id_procurements')),
    sa.ForeignKeyConstraint(['vendor_id'], ['vendors.id'], name=op.f('fk_sam_checks_vendor_id_vendors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sam_checks')),
    sa.UniqueConstraint('uid', name=op.f('uq_sam_checks_uid'))
    )
    with op.batch_alter_table('sam_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sam_checks_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_sam_checks_procurement_id'), ['procurement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sam_checks_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_sam_checks_vendor_id'), ['vendor_id'], unique=False)

    op.create_table('bid_lines',
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('lot_item_id', sa.Integer(), nullable=False),
    sa.Column('manufacturer', sa.String(length=120), nullable=False),
    sa.Column('part_number', sa.String(length=120), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('ineligible_unit_price', sa.BigInteger(), nullable=False),
    sa.Column('extended_price', sa.BigInteger(), nullable=False),
    sa.Column('substitution', sa.Boolean(), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_bid_lines_bid_id_bids')),
    sa.ForeignKeyConstraint(['lot_item_id'], ['lot_items.id'], name=op.f('fk_bid_lines_lot_item_id_lot_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_lines')),
    sa.UniqueConstraint('uid', name=op.f('uq_bid_lines_uid'))
    )
    with op.batch_alter_table('bid_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_lines_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bid_lines_lot_item_id'), ['lot_item_id'], unique=False)

    op.create_table('bid_tiers',
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('lot_item_id', sa.Integer(), nullable=False),
    sa.Column('min_qty', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['bids.id'], name=op.f('fk_bid_tiers_bid_id_bids')),
    sa.ForeignKeyConstraint(['lot_item_id'], ['lot_items.id'], name=op.f('fk_bid_tiers_lot_item_id_lot_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bid_tiers')),
    sa.UniqueConstraint('uid', name=op.f('uq_bid_tiers_uid'))
    )
    with op.batch_alter_table('bid_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bid_tiers_bid_id'), ['bid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bid_tiers_lot_item_id'), ['lot_item_id'], unique=False)

    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brand', sa.String(length=80), nullable=False, server_default=''))

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_source', sa.String(length=12), nullable=False, server_default='entered'))
        batch_op.add_column(sa.Column('confirmed_for_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by', sa.String(length=120), nullable=False, server_default=''))

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_source', sa.String(length=12), nullable=False, server_default='entered'))
        batch_op.add_column(sa.Column('confirmed_for_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by', sa.String(length=120), nullable=False, server_default=''))

    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dba', sa.String(length=160), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('address', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('remit_address', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('e_verify_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('form_473_years', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('hub_class', sa.String(length=60), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('w9_on_file', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('w9_on', sa.Date(), nullable=True))
        batch_op.drop_column('on_divestment_list')
        batch_op.drop_column('form_473_on_file')
        batch_op.drop_column('on_covered_list')



def downgrade() -> None:
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_covered_list', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('form_473_on_file', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('on_divestment_list', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.drop_column('w9_on')
        batch_op.drop_column('w9_on_file')
        batch_op.drop_column('hub_class')
        batch_op.drop_column('form_473_years')
        batch_op.drop_column('e_verify_on')
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('remit_address')
        batch_op.drop_column('address')
        batch_op.drop_column('dba')

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('confirmed_by')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_for_year')
        batch_op.drop_column('figures_source')

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('confirmed_by')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_for_year')
        batch_op.drop_column('figures_source')

    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.drop_column('brand')

    with op.batch_alter_table('bid_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bid_tiers_lot_item_id'))
        batch_op.drop_index(batch_op.f('ix_bid_tiers_bid_id'))

    op.drop_table('bid_tiers')
    with op.batch_alter_table('bid_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bid_lines_lot_item_id'))
        batch_op.drop_index(batch_op.f('ix_bid_lines_bid_id'))

    op.drop_table('bid_lines')
    with op.batch_alter_table('sam_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sam_checks_vendor_id'))
        batch_op.drop_index(batch_op.f('ix_sam_checks_seq'))
        batch_op.drop_index(batch_op.f('ix_sam_checks_procurement_id'))
        batch_op.drop_index(batch_op.f('ix_sam_checks_owner'))

    op.drop_table('sam_checks')
    with op.batch_alter_table('compliance_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_entries_seq'))
        batch_op.drop_index(batch_op.f('ix_compliance_entries_owner'))
        batch_op.drop_index(batch_op.f('ix_compliance_entries_normalized'))
        batch_op.drop_index(batch_op.f('ix_compliance_entries_list_id'))

    op.drop_table('compliance_entries')
    with op.batch_alter_table('bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bids_vendor_id'))
        batch_op.drop_index(batch_op.f('ix_bids_sha256'))
        batch_op.drop_index(batch_op.f('ix_bids_procurement_id'))

    op.drop_table('bids')
    op.drop_table('bid_openings')
    with op.batch_alter_table('compliance_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_lists_seq'))
        batch_op.drop_index(batch_op.f('ix_compliance_lists_owner'))

    op.drop_table('compliance_lists')
    op.drop_table('bid_files')
