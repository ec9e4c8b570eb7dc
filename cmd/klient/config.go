package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/internal/mailer"
)

// Config is what every subcommand may need. Each field has a flag and a
// KLIENT_… environment fallback; flags win.
type Config struct {
	DatabaseURL string // read models, projections, sessions, and the PostgreSQL event store
	KeystoreURL string // per-subject keys; defaults to DatabaseURL (production: a separate database)
	EventStore  string // "postgres" or an esdb:// connection string
	HTTPAddr    string
	DataDir     string
	MasterKey   string // "" = <DataDir>/master-key.json, file:///abs/path, or a KMS key URI
	// MasterKeyset is, with a KMS master key, the file:/// of the master
	// keyset that key wraps.
	MasterKeyset string
	// VaultToken reaches Vault's transit engine for an hcvault:// master key.
	VaultToken string
	LogLevel   string
	// SecureCookies marks cookies Secure; on whenever TLS is in front.
	SecureCookies bool
	// TrustedOrigins may post forms besides the server's own origin
	// (comma-separated), for a proxy that rewrites Host.
	TrustedOrigins string
	// MaxUploadBytes caps one uploaded document.
	MaxUploadBytes int64
	// ConflictDepth is how many links between contacts a conflict check
	// follows (1 or 2; 0 is the default, 1).
	ConflictDepth int
	// CDDAreas are the practice areas (comma-separated, "*" for all) whose
	// matters open only with an approved due-diligence record; empty: none.
	CDDAreas string
	// CDDReviewMonthsHigh and CDDReviewMonthsOther are how often an
	// approved due-diligence record falls due for review: a high-risk
	// engagement's, and every other's.
	CDDReviewMonthsHigh, CDDReviewMonthsOther int
	// AccessReviewMonths is how often the access review falls due.
	AccessReviewMonths int
	// CampaignClientMonths is the firm's choice to include existing
	// clients (of matters open or closed within as many months) in
	// campaigns under legitimate interest with an opt-out; 0: off.
	CampaignClientMonths int
	// PublicURL is the firm's address as its clients reach Klient
	// (KLIENT_PUBLIC_URL, e.g. https://klient.example.se): the links in
	// a scheduled campaign's e-mails, which no request names, are signed
	// for it. Empty: campaigns can only be sent at once.
	PublicURL string
	// ClientAddressHeader names the proxy's client-address header
	// (X-Forwarded-For); empty when nothing sits in front.
	ClientAddressHeader string
	// APIRate and APIBurst limit each API token: requests a second, and
	// at once (a negative rate: no limit).
	APIRate  int64
	APIBurst int64
	SSO      ssoConfig
	// SMTPURL is where e-mail is handed over (internal/mailer.ParseServer);
	// empty: nothing is sent and mail waits in the outbox.
	SMTPURL string
	// MailFrom is the sender of every e-mail, "Byrån <info@byran.se>".
	MailFrom string
	// SMTPListen is where `serve` takes incoming e-mail to file under
	// matters (internal/mailin); empty: it does not listen.
	SMTPListen string
	// SMTPTLSCert and SMTPTLSKey, PEM files, make the listener offer
	// STARTTLS; without them it offers AUTH on a loopback address only.
	SMTPTLSCert, SMTPTLSKey string
	// WebhookAllowPrivate lets webhooks reach plain-HTTP, private and
	// loopback addresses: development and tests only (SSRF).
	WebhookAllowPrivate bool
}

func (c *Config) register(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", env("KLIENT_DATABASE_URL", ""), "PostgreSQL URL (KLIENT_DATABASE_URL)")
	fs.StringVar(&c.KeystoreURL, "keystore-url", env("KLIENT_KEYSTORE_URL", ""), "PostgreSQL URL of the key store; default: the database URL (KLIENT_KEYSTORE_URL)")
	fs.StringVar(&c.EventStore, "eventstore", env("KLIENT_EVENTSTORE", "postgres"), `event store: "postgres" or an esdb:// URL (KLIENT_EVENTSTORE)`)
	fs.StringVar(&c.HTTPAddr, "http-addr", env("KLIENT_HTTP_ADDR", "127.0.0.1:8080"), "HTTP listen address (KLIENT_HTTP_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("KLIENT_DATA_DIR", "var/data"), "directory for local state such as the development master key (KLIENT_DATA_DIR)")
	fs.StringVar(&c.MasterKey, "master-key", env("KLIENT_MASTER_KEY", ""), "master key: empty for <data-dir>/master-key.json, file:///path of a keyset, or a KMS key aws-kms://, gcp-kms://, hcvault:// (KLIENT_MASTER_KEY)")
	fs.StringVar(&c.MasterKeyset, "master-keyset", env("KLIENT_MASTER_KEYSET", ""), "with a KMS master key: file:///path of the master keyset that key wraps (KLIENT_MASTER_KEYSET)")
	fs.StringVar(&c.VaultToken, "vault-token", env("KLIENT_VAULT_TOKEN", ""), "Vault token for an hcvault:// master key; prefer KLIENT_VAULT_TOKEN_FILE")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", env("KLIENT_SECURE_COOKIES", "") == "true", "mark cookies Secure: set when TLS is in front (KLIENT_SECURE_COOKIES=true)")
	fs.StringVar(&c.TrustedOrigins, "trusted-origins", env("KLIENT_TRUSTED_ORIGINS", ""), "comma-separated origins allowed to post forms besides the server's own, e.g. https://klient.example.se (KLIENT_TRUSTED_ORIGINS)")
	fs.IntVar(&c.AccessReviewMonths, "access-review-months", int(envInt("KLIENT_ACCESS_REVIEW_MONTHS", 6)), "months between access reviews of who may see what (KLIENT_ACCESS_REVIEW_MONTHS)")
	fs.StringVar(&c.PublicURL, "public-url", env("KLIENT_PUBLIC_URL", ""), "the firm's address as clients reach Klient, e.g. https://klient.example.se; needed to schedule campaigns (KLIENT_PUBLIC_URL)")
	fs.IntVar(&c.CampaignClientMonths, "campaign-client-months", int(envInt("KLIENT_CAMPAIGN_CLIENT_MONTHS", 0)), "let campaigns include, under legitimate interest with an opt-out, the clients of matters open or closed within this many months; 0 for consent only (KLIENT_CAMPAIGN_CLIENT_MONTHS)")
	fs.IntVar(&c.ConflictDepth, "conflict-depth", int(envInt("KLIENT_CONFLICT_DEPTH", 1)), "links between contacts a conflict check follows: 1 (a role, a parent company, a spouse) or 2 (KLIENT_CONFLICT_DEPTH)")
	fs.StringVar(&c.CDDAreas, "cdd-areas", env("KLIENT_CDD_AREAS", ""), `practice areas whose matters open only with an approved due-diligence record under the anti-money-laundering act, comma-separated, or "*" for all (KLIENT_CDD_AREAS); empty: none`)
	fs.IntVar(&c.CDDReviewMonthsHigh, "cdd-review-months-high", int(envInt("KLIENT_CDD_REVIEW_MONTHS_HIGH", 12)), "months after its approval a high-risk due-diligence record falls due for review (KLIENT_CDD_REVIEW_MONTHS_HIGH)")
	fs.IntVar(&c.CDDReviewMonthsOther, "cdd-review-months-other", int(envInt("KLIENT_CDD_REVIEW_MONTHS_OTHER", 36)), "months after its approval any other due-diligence record falls due for review (KLIENT_CDD_REVIEW_MONTHS_OTHER)")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", envInt("KLIENT_MAX_UPLOAD_BYTES", 25<<20), "largest document upload in bytes (KLIENT_MAX_UPLOAD_BYTES; default 25 MiB)")
	fs.StringVar(&c.ClientAddressHeader, "client-address-header", env("KLIENT_CLIENT_ADDRESS_HEADER", ""), "header in which the reverse proxy passes the client's address, e.g. X-Forwarded-For (KLIENT_CLIENT_ADDRESS_HEADER)")
	fs.Int64Var(&c.APIRate, "api-rate", envInt("KLIENT_API_RATE", 20), "requests a second one API token may send; negative: no limit (KLIENT_API_RATE)")
	fs.Int64Var(&c.APIBurst, "api-burst", envInt("KLIENT_API_BURST", 40), "requests one API token may send at once after a quiet spell (KLIENT_API_BURST)")
	c.SSO.register(fs)
	fs.StringVar(&c.SMTPURL, "smtp-url", env("KLIENT_SMTP_URL", ""), "SMTP server e-mail is handed to: smtp://[user:password@]host[:port][?tls=required] or smtps://…; empty: mail waits in the outbox (KLIENT_SMTP_URL; prefer KLIENT_SMTP_URL_FILE with a password)")
	fs.StringVar(&c.MailFrom, "mail-from", env("KLIENT_MAIL_FROM", ""), `sender of Klient's e-mail, e.g. "Advokatbyrån <info@byran.se>" (KLIENT_MAIL_FROM)`)
	fs.StringVar(&c.SMTPListen, "smtp-listen", env("KLIENT_SMTP_LISTEN", ""), "address on which serve takes e-mail to file under matters, e.g. 127.0.0.1:2525; empty: off (KLIENT_SMTP_LISTEN)")
	fs.StringVar(&c.SMTPTLSCert, "smtp-tls-cert", env("KLIENT_SMTP_TLS_CERT", ""), "PEM certificate the e-mail listener offers with STARTTLS (KLIENT_SMTP_TLS_CERT)")
	fs.StringVar(&c.SMTPTLSKey, "smtp-tls-key", env("KLIENT_SMTP_TLS_KEY", ""), "PEM key of that certificate (KLIENT_SMTP_TLS_KEY)")
	fs.BoolVar(&c.WebhookAllowPrivate, "webhook-allow-private", env("KLIENT_WEBHOOK_ALLOW_PRIVATE", "") == "true", "let webhooks reach http://, private and loopback addresses: development and tests only (KLIENT_WEBHOOK_ALLOW_PRIVATE=true)")
	fs.StringVar(&c.LogLevel, "log-level", env("KLIENT_LOG_LEVEL", ""), "debug, info, warn or error (KLIENT_LOG_LEVEL); default info for serve, warn for every other command")
}

// Validate checks the configuration and fills derived defaults. Its errors
// are one line a person can act on.
func (c *Config) Validate() error {
	if len(secretFileErrors) > 0 {
		return errors.New(secretFileErrors[0])
	}
	if c.DatabaseURL == "" {
		return errors.New("no database: set KLIENT_DATABASE_URL or --database-url (make run sets up a private PostgreSQL)")
	}
	if err := checkPostgresURL("database URL", c.DatabaseURL); err != nil {
		return err
	}
	if c.KeystoreURL == "" {
		c.KeystoreURL = c.DatabaseURL
	} else if err := checkPostgresURL("key store URL", c.KeystoreURL); err != nil {
		return err
	}
	if c.EventStore != "postgres" && !strings.HasPrefix(c.EventStore, "esdb://") && !strings.HasPrefix(c.EventStore, "esdb+discover://") {
		return fmt.Errorf(`event store %q: use "postgres" or an esdb:// connection string`, c.EventStore)
	}
	if err := c.checkMasterKey(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
		return fmt.Errorf("HTTP address %q: want host:port, for example 127.0.0.1:8080", c.HTTPAddr)
	}
	if _, err := c.level(); err != nil {
		return err
	}
	for _, o := range c.trustedOrigins() {
		if u, err := url.Parse(o); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
			return fmt.Errorf("trusted origin %q: want scheme://host[:port], for example https://klient.example.se", o)
		}
	}
	if _, err := c.SSO.config(); err != nil {
		return err
	}
	if c.AccessReviewMonths < 0 || c.AccessReviewMonths > 36 {
		return fmt.Errorf("access review months %d: choose 1 to 36", c.AccessReviewMonths)
	}
	if u, err := url.Parse(c.PublicURL); c.PublicURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/")) {
		return fmt.Errorf("public URL %q: want scheme://host[:port], for example https://klient.example.se", c.PublicURL)
	}
	if c.CampaignClientMonths < 0 || c.CampaignClientMonths > 60 {
		return fmt.Errorf("campaign client months %d: choose 0 (consent only) to 60", c.CampaignClientMonths)
	}
	for _, m := range []int{c.CDDReviewMonthsHigh, c.CDDReviewMonthsOther} {
		if m < 1 || m > 120 {
			return fmt.Errorf("due-diligence review months %d: choose 1 to 120", m)
		}
	}
	if c.ConflictDepth < 0 || c.ConflictDepth > 2 {
		return fmt.Errorf("conflict depth %d: choose 1 or 2", c.ConflictDepth)
	}
	if c.MaxUploadBytes < 1 || c.MaxUploadBytes > 1<<30 {
		return fmt.Errorf("largest upload %d bytes: choose between 1 byte and 1 GiB", c.MaxUploadBytes)
	}
	if err := c.checkMail(); err != nil {
		return err
	}
	if err := c.checkMailIn(); err != nil {
		return err
	}
	abs, err := filepath.Abs(c.DataDir)
	if err != nil {
		return fmt.Errorf("data directory %q: %v", c.DataDir, err)
	}
	c.DataDir = abs
	return nil
}

// checkMail refuses an SMTP URL or sender that the mailer could not use;
// a server needs a sender.
func (c *Config) checkMail() error {
	if c.SMTPURL == "" {
		return nil
	}
	if _, err := mailer.ParseServer(c.SMTPURL); err != nil {
		return err
	}
	if c.MailFrom == "" {
		return errors.New("KLIENT_SMTP_URL is set but not KLIENT_MAIL_FROM: name the sender of Klient's e-mail")
	}
	_, err := mailer.ParseFrom(c.MailFrom)
	return err
}

func (c *Config) trustedOrigins() []string {
	var out []string
	for _, o := range strings.Split(c.TrustedOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// defaultLogLevel is the level when neither --log-level nor
// KLIENT_LOG_LEVEL names one. A server's log at info is the record of what
// it did; any other command prints its result or its one-line refusal, and
// the fifteen lines of migrations, projectors starting and catching up
// before it buried that line, so its log says only what went wrong.
func defaultLogLevel(verb string) string {
	if verb == "serve" {
		return "info"
	}
	return "warn"
}

func (c *Config) level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

func checkPostgresURL(what, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return fmt.Errorf("%s is not a postgres:// URL", what)
	}
	return nil
}

// env reads KEY, or else the file named by KEY_FILE (how Docker and
// Kubernetes hand over secrets such as database URLs with passwords), or
// else def.
func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	if file, ok := os.LookupEnv(key + "_FILE"); ok {
		if b, err := os.ReadFile(file); err == nil {
			return strings.TrimSpace(string(b))
		}
		secretFileErrors = append(secretFileErrors, key+"_FILE names a file that cannot be read: "+file)
	}
	return def
}

// envInt is env for a whole number; a malformed value is reported by
// Validate like a missing secret file.
func envInt(key string, def int64) int64 {
	v := env(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		secretFileErrors = append(secretFileErrors, key+" is not a whole number: "+v)
		return def
	}
	return n
}

// secretFileErrors are reported by Validate, so that a missing secret file
// stops the server with its name rather than a confusing default.
var secretFileErrors []string

// checkMailIn refuses a listen address or a half certificate.
func (c *Config) checkMailIn() error {
	if c.SMTPListen == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.SMTPListen); err != nil {
		return fmt.Errorf("e-mail listen address %q: want host:port, for example 127.0.0.1:2525", c.SMTPListen)
	}
	if (c.SMTPTLSCert == "") != (c.SMTPTLSKey == "") {
		return errors.New("KLIENT_SMTP_TLS_CERT and KLIENT_SMTP_TLS_KEY go together: set both or neither")
	}
	return nil
}

// splitList splits a comma-separated setting into its trimmed items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// parseConfig parses a subcommand's flags (the shared Config plus extra)
// and validates the configuration.
func parseConfig(name string, args []string, stdout io.Writer, extra func(*flag.FlagSet)) (Config, *flag.FlagSet, error) {
	var cfg Config
	fs := flag.NewFlagSet("klient "+name, flag.ContinueOnError)
	cfg.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args, stdout); err != nil {
		return cfg, fs, err
	}
	if cfg.LogLevel == "" {
		cfg.LogLevel = defaultLogLevel(name)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fs, fmt.Errorf("configuration: %w", err)
	}
	return cfg, fs, nil
}
