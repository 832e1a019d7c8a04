"""a checklist per occurrence (a task's steps, frozen on each occurrence when
someone starts on it, ticked with who and when) and evidence files (their
name, type, size, SHA-256 and storage key; the bytes are kept outside the
database)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from planner.core import migration_archive as archive
from planner.core.types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_steps',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('evidence_required', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'],
                                name=op.f('fk_task_steps_task_id_tasks'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_steps')),
        sa.UniqueConstraint('task_id', 'position', name=op.f('uq_task_steps_task_id_position')),
    )
    op.create_table(
        'checklist_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurrence_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.String(length=300), nullable=False),
        sa.Column('evidence_required', sa.Boolean(), nullable=False),
        sa.Column('ticked_by_id', sa.Integer(), nullable=True),
        sa.Column('ticked_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'],
                                name=op.f('fk_checklist_items_occurrence_id_occurrences'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['ticked_by_id'], ['users.id'],
                                name=op.f('fk_checklist_items_ticked_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_items')),
        sa.UniqueConstraint('occurrence_id', 'position',
                            name=op.f('uq_checklist_items_occurrence_id_position')),
    )
    op.create_table(
        'evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('occurrence_id', sa.Integer(), nullable=False),
        sa.Column('checklist_item_id', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=160), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('storage_key', sa.String(length=40), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', UTCDateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['checklist_item_id'], ['checklist_items.id'],
                                name=op.f('fk_evidence_checklist_item_id_checklist_items'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['occurrence_id'], ['occurrences.id'],
                                name=op.f('fk_evidence_occurrence_id_occurrences'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'],
                                name=op.f('fk_evidence_uploaded_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
        sa.UniqueConstraint('storage_key', name=op.f('uq_evidence_storage_key')),
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_occurrence_id_item',
                              ['occurrence_id', 'checklist_item_id'], unique=False)
    archive.restore_table('0018', 'task_steps')
    archive.restore_table('0018', 'checklist_items')
    archive.restore_table('0018', 'evidence')


def downgrade():
    # The files themselves stay in the store; their rows wait in the archive.
    archive.archive_table('0018', 'evidence')
    archive.archive_table('0018', 'checklist_items')
    archive.archive_table('0018', 'task_steps')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_occurrence_id_item')
    op.drop_table('evidence')
    op.drop_table('checklist_items')
    op.drop_table('task_steps')
