"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 20:33:22.893778
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_uid', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_record_uid'), ['record_uid'], unique=False)

    op.create_table('categories',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_categories_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_categories_uid'))
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_categories_seq'), ['seq'], unique=False)

    op.create_table('counters',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    op.create_table('funding_years',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('discount_matrix', sa.JSON(), nullable=False),
    sa.Column('c2_max_discount', sa.Integer(), nullable=False),
    sa.Column('cep_multiplier', sa.BigInteger(), nullable=False),
    sa.Column('c2_cycle_start', sa.Integer(), nullable=False),
    sa.Column('c2_cycle_end', sa.Integer(), nullable=False),
    sa.Column('c2_multiplier', sa.BigInteger(), nullable=False),
    sa.Column('c2_floor', sa.BigInteger(), nullable=False),
    sa.Column('c2_small_district_max_schools', sa.Integer(), nullable=False),
    sa.Column('form470_available_on', sa.Date(), nullable=True),
    sa.Column('form471_window_opens', sa.Date(), nullable=False),
    sa.Column('form471_window_closes', sa.Date(), nullable=False),
    sa.Column('nc_informal_bid_threshold', sa.BigInteger(), nullable=False),
    sa.Column('nc_formal_bid_threshold', sa.BigInteger(), nullable=False),
    sa.Column('nc_construction_formal_threshold', sa.BigInteger(), nullable=False),
    sa.Column('nc_formal_ad_min_days', sa.Integer(), nullable=False),
    sa.Column('nc_piggyback_notice_days', sa.Integer(), nullable=False),
    sa.Column('erate_bidding_days', sa.Integer(), nullable=False),
    sa.Column('federal_micro_purchase_threshold', sa.BigInteger(), nullable=False),
    sa.Column('federal_simplified_acquisition_threshold', sa.BigInteger(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_years')),
    sa.UniqueConstraint('uid', name=op.f('uq_funding_years_uid')),
    sa.UniqueConstraint('year', name=op.f('uq_funding_years_year'))
    )
    with op.batch_alter_table('funding_years', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_years_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_years_seq'), ['seq'], unique=False)

    op.create_table('regions',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regions')),
    sa.UniqueConstraint('number', name=op.f('uq_regions_number')),
    sa.UniqueConstraint('uid', name=op.f('uq_regions_uid'))
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_regions_seq'), ['seq'], unique=False)

    op.create_table('vendors',
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('spin_498', sa.String(length=9), nullable=False),
    sa.Column('nc_vendor_number', sa.String(length=20), nullable=False),
    sa.Column('hub_certified', sa.Boolean(), nullable=False),
    sa.Column('e_verify_affidavit', sa.Boolean(), nullable=False),
    sa.Column('form_473_on_file', sa.Boolean(), nullable=False),
    sa.Column('on_covered_list', sa.Boolean(), nullable=False),
    sa.Column('on_divestment_list', sa.Boolean(), nullable=False),
    sa.Column('contact_email', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vendors')),
    sa.UniqueConstraint('name', name=op.f('uq_vendors_name')),
    sa.UniqueConstraint('uid', name=op.f('uq_vendors_uid'))
    )
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vendors_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_vendors_seq'), ['seq'], unique=False)

    op.create_table('catalog_items',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('erate_category', sa.String(length=10), nullable=False),
    sa.Column('reference_price', sa.BigInteger(), nullable=False),
    sa.Column('spec', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_catalog_items_category_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_items')),
    sa.UniqueConstraint('code', name=op.f('uq_catalog_items_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_catalog_items_uid'))
    )
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalog_items_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_items_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_items_seq'), ['seq'], unique=False)

    op.create_table('instance_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('region', sa.Integer(), nullable=True),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('app_version', sa.String(length=20), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('focus_funding_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['region'], ['regions.number'], name=op.f('fk_instance_identity_region_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instance_identity')),
    sa.UniqueConstraint('uid', name=op.f('uq_instance_identity_uid'))
    )
    op.create_table('members',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('county', sa.String(length=40), nullable=False),
    sa.Column('region', sa.Integer(), nullable=False),
    sa.Column('dpi_region', sa.Integer(), nullable=True),
    sa.Column('students', sa.Integer(), nullable=True),
    sa.Column('nslp_eligible', sa.Integer(), nullable=True),
    sa.Column('cep_isp', sa.BigInteger(), nullable=True),
    sa.Column('rural', sa.Boolean(), nullable=True),
    sa.Column('ben', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['region'], ['regions.number'], name=op.f('fk_members_region_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('code', name=op.f('uq_members_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_members_uid'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_members_seq'), ['seq'], unique=False)

    op.create_table('contacts',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_contacts_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('uid', name=op.f('uq_contacts_uid'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_seq'), ['seq'], unique=False)

    op.create_table('letters_of_agency',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('lead_name', sa.String(length=160), nullable=False),
    sa.Column('member_name', sa.String(length=160), nullable=False),
    sa.Column('first_funding_year', sa.Integer(), nullable=True),
    sa.Column('last_funding_year', sa.Integer(), nullable=True),
    sa.Column('official_name', sa.String(length=120), nullable=False),
    sa.Column('official_title', sa.String(length=120), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('services', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_letters_of_agency_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letters_of_agency')),
    sa.UniqueConstraint('uid', name=op.f('uq_letters_of_agency_uid'))
    )
    with op.batch_alter_table('letters_of_agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letters_of_agency_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_of_agency_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_letters_of_agency_seq'), ['seq'], unique=False)

    op.create_table('needs',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=30), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('funding_year', sa.Integer(), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('funding_sources', sa.String(length=60), nullable=False),
    sa.Column('current_vendor', sa.String(length=160), nullable=False),
    sa.Column('preferred_vendor', sa.String(length=160), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('confirmed_by', sa.String(length=120), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['catalog_items.id'], name=op.f('fk_needs_item_id_catalog_items')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_needs_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    sa.UniqueConstraint('uid', name=op.f('uq_needs_uid'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_funding_year'), ['funding_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_seq'), ['seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_status'), ['status'], unique=False)

    op.create_table('schools',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('students', sa.Integer(), nullable=False),
    sa.Column('nslp_eligible', sa.Integer(), nullable=False),
    sa.Column('cep_isp', sa.BigInteger(), nullable=True),
    sa.Column('rural', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_schools_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('code', name=op.f('uq_schools_code')),
    sa.UniqueConstraint('uid', name=op.f('uq_schools_uid'))
    )
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schools_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schools_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_schools_seq'), ['seq'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schools_seq'))
        batch_op.drop_index(batch_op.f('ix_schools_owner'))
        batch_op.drop_index(batch_op.f('ix_schools_member_id'))

    op.drop_table('schools')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_status'))
        batch_op.drop_index(batch_op.f('ix_needs_seq'))
        batch_op.drop_index(batch_op.f('ix_needs_owner'))
        batch_op.drop_index(batch_op.f('ix_needs_member_id'))
        batch_op.drop_index(batch_op.f('ix_needs_item_id'))
        batch_op.drop_index(batch_op.f('ix_needs_funding_year'))

    op.drop_table('needs')
    with op.batch_alter_table('letters_of_agency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letters_of_agency_seq'))
        batch_op.drop_index(batch_op.f('ix_letters_of_agency_owner'))
        batch_op.drop_index(batch_op.f('ix_letters_of_agency_member_id'))

    op.drop_table('letters_of_agency')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_seq'))
        batch_op.drop_index(batch_op.f('ix_contacts_owner'))
        batch_op.drop_index(batch_op.f('ix_contacts_member_id'))

    op.drop_table('contacts')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_seq'))
        batch_op.drop_index(batch_op.f('ix_members_region'))
        batch_op.drop_index(batch_op.f('ix_members_owner'))

    op.drop_table('members')
    op.drop_table('instance_identity')
    with op.batch_alter_table('catalog_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_items_seq'))
        batch_op.drop_index(batch_op.f('ix_catalog_items_owner'))
        batch_op.drop_index(batch_op.f('ix_catalog_items_category_id'))

    op.drop_table('catalog_items')
    with op.batch_alter_table('vendors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vendors_seq'))
        batch_op.drop_index(batch_op.f('ix_vendors_owner'))

    op.drop_table('vendors')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regions_seq'))
        batch_op.drop_index(batch_op.f('ix_regions_owner'))

    op.drop_table('regions')
    with op.batch_alter_table('funding_years', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_years_seq'))
        batch_op.drop_index(batch_op.f('ix_funding_years_owner'))

    op.drop_table('funding_years')
    op.drop_table('counters')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_seq'))
        batch_op.drop_index(batch_op.f('ix_categories_owner'))

    op.drop_table('categories')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_record_uid'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))

    op.drop_table('audit_entries')

