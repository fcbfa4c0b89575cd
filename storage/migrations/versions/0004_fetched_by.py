"""images: who fetched each picture, and an index for what was fetched lately

`claimed_by` is cleared when a crawler records a row's fate; `fetched_by` keeps that
crawler's name, so `medium status` can say how fast each crawler (and host) went over the
last minutes. The index on (updated_at, fetched_by) answers that from a short range of the
index alone, however big the table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fetched_by', sa.String(length=128), nullable=True))
        batch_op.create_index('ix_images_recent', ['updated_at', 'fetched_by'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_index('ix_images_recent')
        batch_op.drop_column('fetched_by')
