-- PostgreSQL twin of sqlite/0002_organisation_and_plans.sql (see ../README.md).

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dinas', 'sekretariat', 'subbagian', 'bidang', 'seksi', 'opd', 'instansi')),
    parent_id TEXT REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    nip TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'sekretaris', 'kepala_bidang', 'kasubag_program', 'kepala_seksi', 'staf_evaluasi', 'kontributor')),
    unit_id TEXT REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    password_hash TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 1,
    active BIGINT NOT NULL DEFAULT 1,
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
    tujuan_id TEXT NOT NULL REFERENCES tujuan (id) DEFERRABLE INITIALLY IMMEDIATE,
    code TEXT NOT NULL UNIQUE,
    statement TEXT NOT NULL
);

CREATE TABLE programs (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('program', 'kegiatan', 'sub_kegiatan')),
    parent_id TEXT REFERENCES programs (id) DEFERRABLE INITIALLY IMMEDIATE,
    unit_id TEXT REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE indicators (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sasaran_id TEXT REFERENCES sasaran (id) DEFERRABLE INITIALLY IMMEDIATE,
    program_id TEXT REFERENCES programs (id) DEFERRABLE INITIALLY IMMEDIATE,
    unit_of_measure TEXT NOT NULL,
    polarity TEXT NOT NULL CHECK (polarity IN ('positive', 'negative')),
    aggregation TEXT NOT NULL CHECK (aggregation IN ('sum', 'last', 'average', 'max', 'min')),
    target_mode TEXT NOT NULL CHECK (target_mode IN ('cumulative', 'per_period')),
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly')),
    negative_formula TEXT CHECK (negative_formula IN ('twice_target_minus', 'inverse')),
    decimals BIGINT NOT NULL DEFAULT 2,
    definition TEXT NOT NULL DEFAULT '',
    formula TEXT NOT NULL DEFAULT '',
    data_source TEXT NOT NULL DEFAULT '',
    responsible_unit_id TEXT NOT NULL REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    baseline TEXT,
    baseline_year BIGINT,
    end_target TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE indicator_contributors (
    indicator_id TEXT NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY IMMEDIATE,
    unit_id TEXT NOT NULL REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    PRIMARY KEY (indicator_id, unit_id)
);

CREATE TABLE year_plans (
    indicator_id TEXT NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY IMMEDIATE,
    year BIGINT NOT NULL,
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

CREATE TABLE realisations (
    indicator_id TEXT NOT NULL REFERENCES indicators (id) DEFERRABLE INITIALLY IMMEDIATE,
    unit_id TEXT NOT NULL REFERENCES units (id) DEFERRABLE INITIALLY IMMEDIATE,
    period TEXT NOT NULL,
    year BIGINT NOT NULL,
    value TEXT,
    analisis TEXT NOT NULL DEFAULT '',
    kendala TEXT NOT NULL DEFAULT '',
    tindak_lanjut TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (indicator_id, unit_id, period)
);
CREATE INDEX realisations_year ON realisations (year, unit_id);

-- evidence_refs is made in its present form by 0003, as in SQLite after 0003.

CREATE TABLE budget_ceilings (
    program_id TEXT NOT NULL REFERENCES programs (id) DEFERRABLE INITIALLY IMMEDIATE,
    year BIGINT NOT NULL,
    pagu TEXT NOT NULL,
    PRIMARY KEY (program_id, year)
);

CREATE TABLE budget_realisations (
    program_id TEXT NOT NULL REFERENCES programs (id) DEFERRABLE INITIALLY IMMEDIATE,
    period TEXT NOT NULL,
    year BIGINT NOT NULL,
    amount TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (program_id, period)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
