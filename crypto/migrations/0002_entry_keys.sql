-- Entry keys ("<owner>/<entry>", domain.EntryKey) are destroyed with their
-- owner: this index finds an owner's entry keys by range, in byte order,
-- whatever the database's collation.
CREATE INDEX keystore_subject_keys_family ON keystore_subject_keys ((subject COLLATE "C"));
