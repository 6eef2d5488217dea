"""private signing key out of the database into the data folder; imported files remembered

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:00:00

The key moves to keys/<instance uid>.pem in the data folder (owner-only), which the program
passes in `config.attributes["data_dir"]`; the column is emptied (with SQLite's
secure_delete on, so the freed pages are zeroed) and dropped.
"""
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('imported_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_files'))
    )
    with op.batch_alter_table('imported_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_files_sha256'), ['sha256'], unique=False)
    _move_private_keys_to_files()
    with op.batch_alter_table('instance_identity', schema=None) as batch_op:
        batch_op.drop_column('private_key')


def _move_private_keys_to_files() -> None:
    from app.errors import UserError
    from app.signing_key import write_key

    bind = op.get_bind()
    found = bind.execute(sa.text("SELECT uid, private_key FROM instance_identity")).all()
    rows = [(uid, pem) for uid, pem in found if pem]
    if not rows:
        return
    data_dir = context.config.attributes.get("data_dir")
    if data_dir is None:
        raise UserError("upgrading this store moves its private signing key into the data "
                        "folder: open it with --data-dir DIR")
    for uid, pem in rows:
        write_key(Path(data_dir), uid, pem)
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA secure_delete=ON")
    bind.execute(sa.text("UPDATE instance_identity SET private_key = ''"))


def downgrade() -> None:
    with op.batch_alter_table('instance_identity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private_key', sa.Text(), nullable=False,
                                      server_default=''))
    data_dir = context.config.attributes.get("data_dir")
    if data_dir is not None:
        from app.signing_key import key_path

        bind = op.get_bind()
        for (uid,) in bind.execute(sa.text("SELECT uid FROM instance_identity")).all():
            path = key_path(Path(data_dir), uid)
            if path.exists():
                bind.execute(sa.text("UPDATE instance_identity SET private_key = :pem "
                                     "WHERE uid = :uid"),
                             {"pem": path.read_text(encoding="ascii"), "uid": uid})
    with op.batch_alter_table('imported_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_files_sha256'))
    op.drop_table('imported_files')
