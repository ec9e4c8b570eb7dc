-- Documents sealed with an entry key (a due-diligence record's copy of an
-- identity document: "<client>/cdd-<matter>") are deleted with their
-- owner's: DeleteBlobs and DocumentsOf ask for the owner's subject and
-- every subject under "<owner>/", a range this byte-ordered index answers.
CREATE INDEX document_blobs_subject_bytes ON document_blobs (subject COLLATE "C");
