-- The agency, its people and its plans. Decimal values are stored as text
-- in canonical form (never REAL, never INTEGER): they are read back exactly.
-- Timestamps are RFC 3339 text in UTC. Booleans are 0/1.

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dinas', 'sekretariat', 'subbagian', 'bidang', 'seksi', 'opd', 'instansi')),
    parent_id TEXT REFERENCES units (id),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    nip TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'sekretaris', 'kepala_bidang', 'kasubag_program', 'kepala_seksi', 'staf_evaluasi', 'kontributor')),
    unit_id TEXT REFERENCES units (id),
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT,
    data TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tujuan (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    statement TEXT NOT NULL
);

CREATE TABLE sasaran (
    id TEXT PRIMARY KEY,
    tujuan_id TEXT NOT NULL REFERENCES tujuan (id),
    code TEXT NOT NULL UNIQUE,
    statement TEXT NOT NULL
);

CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('program', 'kegiatan', 'sub_kegiatan')),
    parent_id TEXT REFERENCES programs (id),
    unit_id TEXT REFERENCES units (id)
);

CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sasaran_id TEXT REFERENCES sasaran (id),
    program_id TEXT REFERENCES programs (id),
    unit_of_measure TEXT NOT NULL,
    polarity TEXT NOT NULL CHECK (polarity IN ('positive', 'negative')),
    aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'last', 'average', 'max', 'min')),
    target_mode TEXT NOT NULL CHECK (target_mode IN ('cumulative', 'per_period')),
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly')),
    negative_formula TEXT CHECK (negative_formula IN ('twice_target_minus', 'inverse')),
    decimals INTEGER NOT NULL DEFAULT 2,
    definition TEXT NOT NULL DEFAULT '',
    formula TEXT NOT NULL DEFAULT '',
    data_source TEXT NOT NULL DEFAULT '',
    responsible_unit_id TEXT NOT NULL REFERENCES units (id),
    baseline TEXT,
    baseline_year INTEGER,
    end_target TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Units other than the responsible one that report values for an indicator.
CREATE TABLE indicator_contributors (
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    PRIMARY KEY (indicator_id, unit_id)
);

-- The Perjanjian Kinerja target and the Rencana Aksi of one indicator for one year.
CREATE TABLE year_plans (
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    year INTEGER NOT NULL,
    annual_target TEXT,
    tw1_target TEXT,
    tw2_target TEXT,
    tw3_target TEXT,
    tw4_target TEXT,
    tw1_actions TEXT NOT NULL DEFAULT '',
    tw2_actions TEXT NOT NULL DEFAULT '',
    tw3_actions TEXT NOT NULL DEFAULT '',
    tw4_actions TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- Realised values at the indicator's entry frequency, per reporting unit.
CREATE TABLE realisations (
    indicator_id TEXT NOT NULL REFERENCES indicators (id),
    unit_id TEXT NOT NULL REFERENCES units (id),
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT,
    analisis TEXT NOT NULL DEFAULT '',
    kendala TEXT NOT NULL DEFAULT '',
    tindak_lanjut TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (indicator_id, unit_id, period)
);
CREATE INDEX realisations_year ON realisations (year, unit_id);

-- Supporting evidence (bukti dukung) of a realisation, by content hash.
CREATE TABLE evidence_refs (
    indicator_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    period TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, unit_id, period, sha256),
    FOREIGN KEY (indicator_id, unit_id, period) REFERENCES realisations (indicator_id, unit_id, period)
);

CREATE TABLE budget_ceilings (
    program_id TEXT NOT NULL REFERENCES programs (id),
    year INTEGER NOT NULL,
    pagu TEXT NOT NULL,
    PRIMARY KEY (program_id, year)
);

CREATE TABLE budget_realisations (
    program_id TEXT NOT NULL REFERENCES programs (id),
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    amount TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (program_id, period)
);

-- Agency settings, such as the capaian policy (JSON under key 'policy').
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
