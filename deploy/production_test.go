package deploy_test

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"go.yaml.in/yaml/v3"
)

// These tests read the production files as Docker, Kubernetes and systemd
// would, and check what can be checked without them: that every file,
// secret, volume and setting they name exists, that the images are pinned,
// that the KurrentDB cluster's settings agree with each other and with the
// certificates setup.sh makes, and that every service has a health check.
// They cannot show that the images start or that the cluster forms: only a
// Docker host (or a Kubernetes cluster) proves that (README says so).

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Secrets  map[string]struct {
		File string `yaml:"file"`
	} `yaml:"secrets"`
	Volumes map[string]any `yaml:"volumes"`
}

type composeService struct {
	Image      string   `yaml:"image"`
	Entrypoint []string `yaml:"entrypoint"`
	Command    []string `yaml:"command"`
	Build      *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
		Target     string `yaml:"target"`
	} `yaml:"build"`
	Profiles    []string          `yaml:"profiles"`
	Environment map[string]string `yaml:"environment"`
	EnvFile     []string          `yaml:"env_file"`
	Volumes     []string          `yaml:"volumes"`
	Secrets     []string          `yaml:"secrets"`
	Ports       []string          `yaml:"ports"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	Restart string `yaml:"restart"`
	Deploy  struct {
		Replicas int `yaml:"replicas"`
	} `yaml:"deploy"`
}

// mount is one entry of a service's volumes: a bind mount when the source
// is a path, else a named volume.
type mount struct{ source, target string }

func (s composeService) mounts() []mount {
	var out []mount
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		out = append(out, mount{source: parts[0], target: parts[1]})
	}
	return out
}

func (m mount) bind() bool {
	return strings.HasPrefix(m.source, ".") || strings.HasPrefix(m.source, "/")
}

// stack is compose.yaml with everything setup.sh made, in a copy of
// deploy/production.
type stack struct {
	dir     string
	compose composeFile
	to      *string // where install-secrets.sh put the secrets, once run
}

// newStack copies deploy/production into a temporary directory (as a new
// checkout has it: no secrets/, no certs/), runs setup.sh there, without
// Docker, and reads compose.yaml.
func newStack(t *testing.T) stack {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"compose.yaml", "Caddyfile", "setup.sh", "install-secrets.sh", "kurrentdb-user.sh", "backup.sh", "restore.sh"} {
		copyTree(t, filepath.Join("production", name), filepath.Join(dir, name))
	}
	setup := exec.Command("sh", filepath.Join(dir, "setup.sh"), dir)
	setup.Env = append(os.Environ(), "PATH="+noDocker(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("setup.sh: %v\n%s", err, out)
	}
	var c composeFile
	readYAML(t, filepath.Join(dir, "compose.yaml"), &c)
	return stack{dir: dir, compose: c, to: new(string)}
}

// TestComposeStack runs setup.sh once and checks compose.yaml against
// what it made.
func TestComposeStack(t *testing.T) {
	s := newStack(t)
	t.Run("names only what exists", func(t *testing.T) { checkComposeNamesOnlyWhatExists(t, s) })
	t.Run("images pinned, health checked", func(t *testing.T) { checkComposeImagesPinnedAndHealthChecked(t, s) })
	t.Run("settings are klient's", func(t *testing.T) { checkComposeSettingsAreKlients(t, s) })
	t.Run("cluster consistent", func(t *testing.T) { checkComposeClusterIsConsistent(t, s) })
	t.Run("klient's own cluster user", func(t *testing.T) { checkComposeClusterUser(t, s) })
	t.Run("databases agree", func(t *testing.T) { checkComposeDatabasesAgree(t, s) })
	t.Run("backup and restore", func(t *testing.T) { checkBackupAndRestore(t, s) })
	t.Run("setup keeps what exists", func(t *testing.T) { checkSetupKeepsWhatExists(t, s) })
}

// checkComposeNamesOnlyWhatExists: every bind mount, env file and secret
// file compose.yaml names exists once setup.sh has run; every named volume
// and secret a service uses is declared, and every declared one is used.
func checkComposeNamesOnlyWhatExists(t *testing.T, s stack) {
	usedVolumes, usedSecrets := map[string]bool{}, map[string]bool{}
	for name, svc := range s.compose.Services {
		for _, m := range svc.mounts() {
			if m.bind() {
				if _, err := os.Stat(filepath.Join(s.dir, m.source)); err != nil {
					t.Errorf("%s mounts %s, which does not exist after setup.sh: %v", name, m.source, err)
				}
				continue
			}
			usedVolumes[m.source] = true
			if _, ok := s.compose.Volumes[m.source]; !ok {
				t.Errorf("%s mounts the volume %s, which volumes: does not declare", name, m.source)
			}
		}
		for _, f := range svc.EnvFile {
			if _, err := os.Stat(filepath.Join(s.dir, f)); err != nil {
				t.Errorf("%s reads the env file %s: %v", name, f, err)
			}
		}
		for _, sec := range svc.Secrets {
			usedSecrets[sec] = true
			decl, ok := s.compose.Secrets[sec]
			if !ok {
				t.Errorf("%s uses the secret %s, which secrets: does not declare", name, sec)
				continue
			}
			if _, err := os.Stat(filepath.Join(s.dir, decl.File)); err != nil {
				t.Errorf("the secret %s is the file %s: %v", sec, decl.File, err)
			}
		}
		if svc.Build != nil {
			ctx := filepath.Join("production", svc.Build.Context)
			if _, err := os.Stat(filepath.Join(ctx, svc.Build.Dockerfile)); err != nil {
				t.Errorf("%s builds %s in %s: %v", name, svc.Build.Dockerfile, svc.Build.Context, err)
			} else if svc.Build.Target != "" && !regexp.MustCompile(`(?mi)^FROM \S+ AS `+regexp.QuoteMeta(svc.Build.Target)+`$`).MatchString(readFile(t, filepath.Join(ctx, svc.Build.Dockerfile))) {
				t.Errorf("%s builds the stage %s, which %s does not have", name, svc.Build.Target, svc.Build.Dockerfile)
			}
		}
	}
	for v := range s.compose.Volumes {
		if !usedVolumes[v] {
			t.Errorf("the volume %s is declared but no service mounts it", v)
		}
	}
	for sec := range s.compose.Secrets {
		if !usedSecrets[sec] {
			t.Errorf("the secret %s is declared but no service uses it", sec)
		}
	}
}

// checkComposeImagesPinnedAndHealthChecked: every image is pinned to a
// version (or built here); every service that keeps running has a health
// check, and every wait on another service waits for something that
// exists: a health check, or a one-off that exits.
func checkComposeImagesPinnedAndHealthChecked(t *testing.T, s stack) {
	built := map[string]bool{}
	for _, svc := range s.compose.Services {
		if svc.Build != nil {
			built[svc.Image] = true
		}
	}
	for name, svc := range s.compose.Services {
		if !built[svc.Image] {
			checkPinned(t, name, svc.Image)
		}
		oneOff := svc.Restart == "no"
		if !oneOff && (svc.Healthcheck == nil || len(svc.Healthcheck.Test) < 2) {
			t.Errorf("%s keeps running but has no health check", name)
		}
		for dep, d := range svc.DependsOn {
			target, ok := s.compose.Services[dep]
			switch {
			case !ok:
				t.Errorf("%s depends on %s, which is no service", name, dep)
			case d.Condition == "service_healthy" && target.Healthcheck == nil:
				t.Errorf("%s waits for %s to be healthy, which has no health check", name, dep)
			case d.Condition == "service_completed_successfully" && target.Restart != "no":
				t.Errorf("%s waits for %s to complete, which restarts", name, dep)
			case d.Condition == "":
				t.Errorf("%s depends on %s without a condition: it would start before %s is ready", name, dep, dep)
			}
		}
	}
	klient := s.compose.Services["klient"]
	if klient.Deploy.Replicas < 2 {
		t.Errorf("klient runs %d replica(s); want two", klient.Deploy.Replicas)
	}
	if !slices.ContainsFunc(s.compose.Services["caddy"].Ports, func(p string) bool { return strings.HasSuffix(p, ":443") }) {
		t.Error("nothing publishes HTTPS (port 443)")
	}
	caddyfile := readFile(t, filepath.Join(s.dir, "Caddyfile"))
	_, port, _ := strings.Cut(dockerfileEnv(t)["KLIENT_HTTP_ADDR"], ":")
	if !regexp.MustCompile(`(?m)^\s*name klient$`).MatchString(caddyfile) || !strings.Contains(caddyfile, "port "+port) {
		t.Errorf("the Caddyfile does not send traffic to the klient service on port %s", port)
	}
}

// checkComposeSettingsAreKlients: every KLIENT_* variable is one klient
// reads, and every file a setting names is where a volume puts it: a
// secret install-secrets.sh copies there.
func checkComposeSettingsAreKlients(t *testing.T, s stack) {
	known := knownSettings(t)
	installed := s.installed(t)
	for name, svc := range s.compose.Services {
		for k, v := range svc.Environment {
			if strings.HasPrefix(k, "KLIENT_") && !known[k] {
				t.Errorf("%s sets %s, which klient does not read", name, k)
			}
			if strings.HasPrefix(k, "KLIENT_") && (strings.HasSuffix(k, "_FILE") || strings.HasPrefix(v, "file://")) {
				if _, err := os.Stat(installed.resolve(t, svc, strings.TrimPrefix(v, "file://"))); err != nil {
					t.Errorf("%s: %s=%s: %v", name, k, v, err)
				}
			}
		}
	}
	master := installed.resolve(t, s.compose.Services["klient"], "/run/klient/master-key.json")
	checkOwner(t, master, 65532, 0o400)
	handle, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(bytes.NewReader([]byte(readFile(t, master)))))
	if err != nil {
		t.Fatalf("setup.sh's master key is not a Tink keyset: %v", err)
	}
	primitive, err := aead.New(handle)
	if err != nil {
		t.Fatalf("setup.sh's master key is not an AEAD keyset: %v", err)
	}
	ct, err := primitive.Encrypt([]byte("subject key"), []byte("subject"))
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := primitive.Decrypt(ct, []byte("subject")); err != nil || string(pt) != "subject key" {
		t.Fatalf("setup.sh's master key does not round-trip: %v", err)
	}
}

// checkComposeClusterIsConsistent: the nodes find each other by their
// service names with DNS discovery off, expect as many nodes as there are,
// name themselves as their certificates do, and Klient's event store URL
// names every node, the admin password the nodes start with and the CA that
// signed them.
func checkComposeClusterIsConsistent(t *testing.T, s stack) {
	installed := s.installed(t)
	var nodes []string
	for name, svc := range s.compose.Services {
		if strings.Contains(svc.Image, "kurrentdb") && svc.Restart != "no" { // not a one-off on the nodes' image
			nodes = append(nodes, name)
		}
	}
	if len(nodes) != 3 {
		t.Fatalf("KurrentDB nodes: %v; want three", nodes)
	}
	for _, node := range nodes {
		svc := s.compose.Services[node]
		env := svc.Environment
		want := map[string]string{
			"KURRENTDB_CLUSTER_SIZE": strconv.Itoa(len(nodes)), "KURRENTDB_DISCOVER_VIA_DNS": "false", "KURRENTDB_INSECURE": "false",
			"KURRENTDB_NODE_HOST_ADVERTISE_AS": node, "KURRENTDB_REPLICATION_HOST_ADVERTISE_AS": node, "KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS": node,
		}
		for k, v := range want {
			if env[k] != v {
				t.Errorf("%s: %s=%q; want %q", node, k, env[k], v)
			}
		}
		var others []string
		for _, o := range nodes {
			if o != node {
				others = append(others, o+":2113")
			}
		}
		if seeds := strings.Split(env["KURRENTDB_GOSSIP_SEED"], ","); !sameSet(seeds, others) {
			t.Errorf("%s: gossip seeds %v; want the other nodes %v", node, seeds, others)
		}
		ca := installed.resolve(t, svc, env["KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH"]+"/ca.crt")
		crt := installed.resolve(t, svc, env["KURRENTDB_CERTIFICATE_FILE"])
		checkNodeCertificate(t, node, crt, ca)
		checkOwner(t, installed.resolve(t, svc, env["KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE"]), 1000, 0o400)
		if !strings.Contains(strings.Join(svc.Healthcheck.Test, " "), "/health/live") {
			t.Errorf("%s: the health check does not ask /health/live", node)
		}
	}

	klient := s.compose.Services["klient"]
	u, err := url.Parse(strings.TrimSpace(readFile(t, installed.resolve(t, klient, klient.Environment["KLIENT_EVENTSTORE_FILE"]))))
	if err != nil {
		t.Fatal(err)
	}
	var hosts []string
	for _, n := range nodes {
		hosts = append(hosts, n+":2113")
	}
	if u.Scheme != "esdb+discover" || !sameSet(strings.Split(u.Host, ","), hosts) {
		t.Errorf("the event store URL reaches %s://%s; want esdb+discover:// to %v", u.Scheme, u.Host, hosts)
	}
	klientCA := installed.resolve(t, klient, u.Query().Get("tlsCAFile"))
	nodeCA := installed.resolve(t, s.compose.Services[nodes[0]], "/etc/kurrentdb/certs/ca/ca.crt")
	if readFile(t, klientCA) != readFile(t, nodeCA) {
		t.Error("Klient trusts another CA than the one that signed the nodes")
	}
}

// checkComposeClusterUser: Klient connects as its own ordinary user,
// klient, never as the administrator; kurrentdb-user.sh makes that user
// with the password in Klient's URL, signing in with the password the
// nodes start their admin with, on a node of the cluster and trusting its
// CA; kurrentdb-acl then names it in $all's ACL with the administrator's
// URL, which no replica of Klient mounts; and Klient starts only after
// both have finished.
func checkComposeClusterUser(t *testing.T, s stack) {
	installed := s.installed(t)
	klient, user, acl := s.compose.Services["klient"], s.compose.Services["kurrentdb-user"], s.compose.Services["kurrentdb-acl"]
	node := s.compose.Services["kurrentdb1"]
	adminPassword := envFile(t, filepath.Join(s.dir, node.EnvFile[0]))["KURRENTDB_DEFAULT_ADMIN_PASSWORD"]

	u := urlIn(t, installed.resolve(t, klient, klient.Environment["KLIENT_EVENTSTORE_FILE"]))
	pw, _ := u.User.Password()
	if u.User.Username() != "klient" || pw == "" || pw == adminPassword {
		t.Errorf("Klient connects as %q; want its own user klient, with a password of its own", u.User.Username())
	}

	// The script the kurrentdb-user service runs, with what it reads.
	if user.Image != node.Image || len(user.Entrypoint) != 2 || user.Entrypoint[0] != "sh" {
		t.Fatalf("kurrentdb-user: image %s, entrypoint %v; want the nodes' image (it has curl) running a script", user.Image, user.Entrypoint)
	}
	if script := installed.resolve(t, user, user.Entrypoint[1]); readFile(t, script) != readFile(t, "production/kurrentdb-user.sh") {
		t.Errorf("kurrentdb-user runs %s, which is not deploy/production/kurrentdb-user.sh", user.Entrypoint[1])
	}
	env := user.Environment
	if target, err := url.Parse(env["NODE"]); err != nil || target.Scheme != "https" || s.compose.Services[target.Hostname()].Image != node.Image || target.Port() != "2113" {
		t.Errorf("kurrentdb-user asks NODE=%s; want https:// to a node's port 2113", env["NODE"])
	}
	if readFile(t, installed.resolve(t, user, env["CA"])) != readFile(t, filepath.Join(s.dir, "certs/ca/ca.crt")) {
		t.Error("kurrentdb-user does not trust the cluster's CA")
	}
	admin := installed.resolve(t, user, env["SECRETS"]+"/kurrentdb-admin-password")
	klientPassword := installed.resolve(t, user, env["SECRETS"]+"/kurrentdb-klient-password")
	checkOwner(t, admin, 1000, 0o400)
	checkOwner(t, klientPassword, 1000, 0o400)
	if strings.TrimSpace(readFile(t, admin)) != adminPassword || strings.TrimSpace(readFile(t, klientPassword)) != pw {
		t.Error("kurrentdb-user would sign in with another admin password than the nodes', or give klient another password than Klient's URL holds")
	}

	// The ACL's one-shot: Klient's binary with the administrator's URL.
	if acl.Build == nil || acl.Image != klient.Image || strings.Join(acl.Command, " ") != "eventstore grant-read-all klient" {
		t.Errorf("kurrentdb-acl runs %s %v; want Klient's image running `eventstore grant-read-all klient`", acl.Image, acl.Command)
	}
	a := urlIn(t, installed.resolve(t, acl, acl.Environment["KLIENT_EVENTSTORE_FILE"]))
	apw, _ := a.User.Password()
	if a.User.Username() != "admin" || apw != adminPassword || a.Host != u.Host {
		t.Error("kurrentdb-acl's URL is not the nodes' admin on the cluster Klient reaches")
	}
	if readFile(t, installed.resolve(t, acl, a.Query().Get("tlsCAFile"))) != readFile(t, filepath.Join(s.dir, "certs/ca/ca.crt")) {
		t.Error("kurrentdb-acl does not trust the cluster's CA")
	}
	aclVolumes := map[string]bool{}
	for _, m := range acl.mounts() {
		aclVolumes[m.source] = true
	}
	for _, m := range klient.mounts() {
		if aclVolumes[m.source] {
			t.Errorf("Klient's replicas mount %s, where the administrator's URL is", m.source)
		}
	}
	if acl.DependsOn["kurrentdb-user"].Condition != "service_completed_successfully" ||
		klient.DependsOn["kurrentdb-acl"].Condition != "service_completed_successfully" {
		t.Error("Klient must start after kurrentdb-acl, and kurrentdb-acl after kurrentdb-user, each finished")
	}
}

func urlIn(t *testing.T, file string) *url.URL {
	t.Helper()
	u, err := url.Parse(strings.TrimSpace(readFile(t, file)))
	if err != nil {
		t.Fatalf("%s holds no URL", file)
	}
	return u
}

// checkComposeDatabasesAgree: Klient's database URL reaches the postgres
// service and its key store URL the postgres-keys service, each with that
// service's own user, database and password; the two servers share no
// volume and no password, so a copy of the read models' server never
// carries the keys (README, "One Docker host").
func checkComposeDatabasesAgree(t *testing.T, s stack) {
	servers := map[string]string{"database-url": "postgres", "keystore-url": "postgres-keys"}
	passwords := map[string]string{}
	for file, service := range servers {
		pg, ok := s.compose.Services[service]
		if !ok {
			t.Fatalf("no service %s for secrets/%s", service, file)
		}
		if len(pg.Secrets) != 1 || pg.Environment["POSTGRES_PASSWORD_FILE"] != "/run/secrets/"+pg.Secrets[0] {
			t.Fatalf("%s: its password is not its one secret: secrets %v, POSTGRES_PASSWORD_FILE %s", service, pg.Secrets, pg.Environment["POSTGRES_PASSWORD_FILE"])
		}
		password := strings.TrimSpace(readFile(t, filepath.Join(s.dir, s.compose.Secrets[pg.Secrets[0]].File)))
		passwords[service] = password
		u, err := url.Parse(strings.TrimSpace(readFile(t, filepath.Join(s.dir, "secrets", file))))
		if err != nil {
			t.Fatal(err)
		}
		pw, _ := u.User.Password()
		user, db := pg.Environment["POSTGRES_USER"], pg.Environment["POSTGRES_DB"]
		if u.Hostname() != service || u.User.Username() != user || pw != password || u.Path != "/"+db {
			t.Errorf("secrets/%s reaches %s@%s%s; want %s@%s/%s with %s's password", file, u.User.Username(), u.Host, u.Path, user, service, db, service)
		}
		if dep, ok := s.compose.Services["klient"].DependsOn[service]; !ok || dep.Condition != "service_healthy" {
			t.Errorf("klient does not wait for %s to be healthy", service)
		}
	}
	if passwords["postgres"] == passwords["postgres-keys"] {
		t.Error("the key store's server has the read models' server's password")
	}
	volumes := map[string]string{}
	for _, service := range servers {
		for _, m := range s.compose.Services[service].mounts() {
			if m.target == "/var/lib/postgresql/data" && !m.bind() {
				volumes[service] = m.source
			}
		}
		if volumes[service] == "" {
			t.Errorf("%s keeps its data on no named volume", service)
		}
	}
	if volumes["postgres"] == volumes["postgres-keys"] {
		t.Errorf("the key store and the read models share the volume %s", volumes["postgres"])
	}
}

// checkBackupAndRestore: backup.sh and restore.sh name only what the
// stack has — its project, its nodes and their data volumes, its services
// — and the tools service they run Klient's backup in is Klient with
// pg_dump: Klient's settings, secrets and data directory (the tombstone
// journal), PostgreSQL's client tools of the servers' major version, where
// KLIENT_PG_BINDIR says, and the backups folder; `up` never starts it.
func checkBackupAndRestore(t *testing.T, s stack) {
	klient, tools := s.compose.Services["klient"], s.compose.Services["klient-tools"]
	if len(tools.Profiles) == 0 {
		t.Error("klient-tools has no profile: `docker compose up` would start it")
	}
	if !maps.Equal(tools.Environment, klient.Environment) {
		t.Errorf("klient-tools' settings %v are not Klient's %v", tools.Environment, klient.Environment)
	}
	mounted := map[string]string{}
	for _, m := range tools.mounts() {
		mounted[m.target] = m.source
	}
	for _, m := range klient.mounts() {
		if mounted[m.target] != m.source {
			t.Errorf("klient-tools does not mount %s at %s as Klient does", m.source, m.target)
		}
	}
	if mounted["/backups"] != "./backups" {
		t.Error("klient-tools does not mount ./backups at /backups, where the scripts put Klient's backups")
	}
	df := readFile(t, "Dockerfile")
	stage := regexp.MustCompile(`(?ms)^FROM postgres:(\d+)\.\S* AS tools$(.*?)^FROM `).FindStringSubmatch(df)
	if tools.Build == nil || tools.Build.Target != "tools" || stage == nil {
		t.Fatal("klient-tools is not built from the Dockerfile's tools stage on PostgreSQL's image")
	}
	if server := s.compose.Services["postgres"].Image; !strings.HasPrefix(server, "postgres:"+stage[1]+".") {
		t.Errorf("the tools have PostgreSQL %s's pg_dump; the servers run %s", stage[1], server)
	}
	if !strings.Contains(stage[2], "ENV KLIENT_PG_BINDIR=/usr/lib/postgresql/"+stage[1]+"/bin KLIENT_DATA_DIR="+dockerfileEnv(t)["KLIENT_DATA_DIR"]+"\n") ||
		!strings.Contains(stage[2], "USER 65532:65532\n") {
		t.Error("the tools stage must run as Klient's user with KLIENT_PG_BINDIR at its PostgreSQL's bin directory and the image's data directory (the tombstone journal)")
	}

	var nodes []string
	for name, svc := range s.compose.Services {
		if svc.Environment["KURRENTDB_CLUSTER_SIZE"] != "" {
			nodes = append(nodes, name)
		}
	}
	for _, script := range []string{"backup.sh", "restore.sh"} {
		text := readFile(t, filepath.Join(s.dir, script))
		if m := regexp.MustCompile(`(?m)^PROJECT=\$\{COMPOSE_PROJECT_NAME:-(\S+)\}$`).FindStringSubmatch(text); m == nil || m[1] != s.compose.Name {
			t.Errorf("%s: its project is not compose.yaml's name, %s", script, s.compose.Name)
		}
		m := regexp.MustCompile(`(?m)^NODES="([^"]*)"$`).FindStringSubmatch(text)
		if m == nil || !sameSet(strings.Fields(m[1]), nodes) {
			t.Errorf("%s: NODES is not the cluster's nodes %v", script, nodes)
		}
		if !strings.Contains(text, `"${PROJECT}_${`) || !strings.Contains(text, `}-data:/data`) {
			t.Errorf("%s does not reach the nodes' data volumes as ${PROJECT}_<node>-data", script)
		}
		for _, n := range nodes {
			if _, ok := s.compose.Volumes[n+"-data"]; !ok || !slices.Contains(s.compose.Services[n].Volumes, n+"-data:/var/lib/kurrentdb") {
				t.Errorf("%s: the node %s keeps its database on no volume %s-data", script, n, n)
			}
		}
		for _, call := range regexp.MustCompile(`(?m)\bcompose (?:--profile \w+ )?(?:stop|up -d --wait|run --rm) (.*)$`).FindAllStringSubmatch(text, -1) {
			words := strings.Fields(call[1])
			if strings.Contains(call[0], "run --rm") {
				words = words[:1]
			}
			for _, w := range words {
				if _, ok := s.compose.Services[w]; !ok && w != "$NODES" {
					t.Errorf("%s: %q names %s, which is no service", script, call[0], w)
				}
			}
		}
		if !regexp.MustCompile(`(?m)^BUSYBOX=` + regexp.QuoteMeta(s.compose.Services["install-secrets"].Image) + `$`).MatchString(text) {
			t.Errorf("%s does not use the stack's pinned BusyBox", script)
		}
	}
	backup, restore := readFile(t, filepath.Join(s.dir, "backup.sh")), readFile(t, filepath.Join(s.dir, "restore.sh"))
	// The order docs/operations.md gives: the cluster first, then Klient's.
	if i, j := strings.Index(backup, "${follower}-data"), strings.Index(backup, "klient-tools backup"); i < 0 || j < 0 || i > j {
		t.Error("backup.sh must copy a follower's files before `klient backup`")
	}
	if i, j := strings.Index(restore, "compose up -d --wait $NODES"), strings.Index(restore, "klient-tools restore"); i < 0 || j < 0 || i > j {
		t.Error("restore.sh must restore the cluster before `klient restore`")
	}
	if i, j := strings.Index(restore, "compose stop caddy klient"), strings.Index(restore, "compose stop $NODES"); i < 0 || j < 0 || i > j {
		t.Error("restore.sh must stop Klient before the cluster")
	}
}

// TestScriptsParse: every shell script here parses with the shell its #!
// line names — POSIX sh for the production scripts, which the containers
// run with sh too — and as bash.
func TestScriptsParse(t *testing.T) {
	scripts, err := filepath.Glob("*/*.sh")
	if err != nil || len(scripts) < 6 {
		t.Fatalf("scripts: %v, %v", scripts, err)
	}
	for _, f := range scripts {
		shells := []string{"bash"}
		switch first, _, _ := strings.Cut(readFile(t, f), "\n"); first {
		case "#!/bin/sh":
			shells = append(shells, "sh")
		case "#!/usr/bin/env bash", "#!/bin/bash":
		default:
			t.Errorf("%s starts with %q, no shell's #! line", f, first)
		}
		for _, shell := range shells {
			if out, err := exec.Command(shell, "-n", f).CombinedOutput(); err != nil {
				t.Errorf("%s -n %s: %v\n%s", shell, f, err, out)
			}
		}
	}
}

// checkSetupKeepsWhatExists: a second run of setup.sh replaces nothing (a
// new master key would make every sealed field unreadable), and every
// secret is readable by its owner alone.
func checkSetupKeepsWhatExists(t *testing.T, s stack) {
	before := snapshot(t, s.dir)
	out, err := exec.Command("sh", filepath.Join(s.dir, "setup.sh"), s.dir).CombinedOutput()
	if err != nil {
		t.Fatalf("second setup.sh: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "made ") {
		t.Errorf("the second run made files anew:\n%s", out)
	}
	after := snapshot(t, s.dir)
	for f, content := range before {
		if after[f] != content {
			t.Errorf("the second run changed %s", f)
		}
	}
	for f := range before {
		info, err := os.Stat(filepath.Join(s.dir, f))
		if err != nil {
			t.Fatal(err)
		}
		private := strings.HasPrefix(f, "secrets/") || strings.HasSuffix(f, ".key")
		if private && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o; want 0600", f, info.Mode().Perm())
		}
	}
}

// TestDockerfile: the image is pinned, runs as the non-root user that owns
// its data directory, and checks its own health.
func TestDockerfile(t *testing.T) {
	df := readFile(t, "Dockerfile")
	for _, m := range regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(df, -1) {
		if m[1] != "scratch" {
			checkPinned(t, "Dockerfile", m[1])
		}
	}
	env := dockerfileEnv(t)
	if env["KLIENT_DATA_DIR"] != "/var/lib/klient" || !strings.Contains(df, "COPY --from=build --chown=65532:65532 /out/root/var/lib/klient /var/lib/klient") {
		t.Error("the image does not make its data directory, owned by the user it runs as")
	}
	if !strings.Contains(df, "\nUSER 65532:65532\n") || !strings.Contains(df, `HEALTHCHECK`) || !strings.Contains(df, `"probe"]`) {
		t.Error("the image does not run as 65532 with `klient probe` as its health check")
	}
	ignore := readFile(t, "../.dockerignore")
	for _, p := range []string{"var/", "deploy/production/secrets/", "deploy/production/certs/"} {
		if !strings.Contains(ignore, "\n"+p+"\n") {
			t.Errorf(".dockerignore lets %s into the build context", p)
		}
	}
}

// TestKubernetesManifest: the instances keep the tombstone journal on a
// volume of their own that outlives the pod, read their secrets as the
// group the files belong to, and name only settings klient reads.
func TestKubernetesManifest(t *testing.T) {
	objects := readKubernetes(t, "production/kubernetes/klient.yaml")
	known := knownSettings(t)
	var set *k8sObject
	services := map[string]k8sObject{}
	for i, o := range objects {
		switch o.Kind {
		case "StatefulSet":
			set = &objects[i]
		case "Service":
			services[o.Metadata.Name] = o
		case "Deployment":
			t.Error("a Deployment: its instances would share or lose the tombstone journal")
		}
	}
	if set == nil {
		t.Fatal("no StatefulSet")
	}
	if set.Spec.Replicas < 2 {
		t.Errorf("%d replica(s); want two", set.Spec.Replicas)
	}
	if svc, ok := services[set.Spec.ServiceName]; !ok || svc.Spec.ClusterIP != "None" {
		t.Errorf("serviceName %q names no headless Service", set.Spec.ServiceName)
	}
	pod := set.Spec.Template.Spec
	sc := pod.SecurityContext
	if sc.RunAsUser == 0 || sc.FSGroup == 0 || sc.FSGroup != sc.RunAsGroup {
		t.Errorf("runAsUser %d, runAsGroup %d, fsGroup %d: the secrets' group (fsGroup) must be the process's own group", sc.RunAsUser, sc.RunAsGroup, sc.FSGroup)
	}
	claims := map[string]bool{}
	for _, c := range set.Spec.VolumeClaimTemplates {
		claims[c.Metadata.Name] = true
	}
	secretMounts := map[string]bool{}
	for _, v := range pod.Volumes {
		if v.EmptyDir != nil {
			t.Errorf("volume %s is an emptyDir, lost when the pod moves", v.Name)
		}
		if v.Secret != nil {
			secretMounts[v.Name] = true
			if mode := v.Secret.DefaultMode; mode == nil || *mode&0o037 != 0 {
				t.Errorf("secret volume %s: defaultMode %s; want the owner's and the group's read at most", v.Name, octal(mode))
			}
		}
	}
	header := readFile(t, "production/kubernetes/klient.yaml")
	for _, c := range append(pod.InitContainers, pod.Containers...) {
		checkPinned(t, c.Name, c.Image)
		env := map[string]string{}
		for _, e := range c.Env {
			env[e.Name] = e.Value
			if strings.HasPrefix(e.Name, "KLIENT_") && !known[e.Name] {
				t.Errorf("%s sets %s, which klient does not read", c.Name, e.Name)
			}
		}
		mounted := map[string]string{} // path → volume
		for _, m := range c.VolumeMounts {
			mounted[m.MountPath] = m.Name
		}
		if v := mounted[env["KLIENT_DATA_DIR"]]; !claims[v] {
			t.Errorf("%s: the data directory %q (the tombstone journal) is not on a volume claim", c.Name, env["KLIENT_DATA_DIR"])
		}
		for k, v := range env {
			if !strings.HasSuffix(k, "_FILE") && !strings.HasPrefix(v, "file://") {
				continue
			}
			file := strings.TrimPrefix(v, "file://")
			if !secretMounts[mounted[path.Dir(file)]] {
				t.Errorf("%s: %s=%s is on no secret volume", c.Name, k, v)
			}
			if !strings.Contains(header, "--from-file="+path.Base(file)) {
				t.Errorf("the set-up comment does not say how to put %s in the Secret", path.Base(file))
			}
		}
	}
	main := pod.Containers[0]
	if main.ReadinessProbe == nil || main.ReadinessProbe.HTTPGet.Path != "/readyz" || main.LivenessProbe == nil || main.LivenessProbe.HTTPGet.Path != "/healthz" {
		t.Error("readiness must ask /readyz and liveness /healthz")
	}
}

// TestSystemdUnit: the VM's unit names only settings klient reads and
// keeps the data directory (the tombstone journal) in its state directory.
func TestSystemdUnit(t *testing.T) {
	unit := readFile(t, "production/klient.service")
	known := knownSettings(t)
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^Environment=(KLIENT_\w+)=(.*)$`).FindAllStringSubmatch(unit, -1) {
		env[m[1]] = m[2]
		if !known[m[1]] {
			t.Errorf("the unit sets %s, which klient does not read", m[1])
		}
	}
	state := regexp.MustCompile(`(?m)^StateDirectory=(\S+)$`).FindStringSubmatch(unit)
	if state == nil || env["KLIENT_DATA_DIR"] != "/var/lib/"+state[1] {
		t.Errorf("KLIENT_DATA_DIR=%s is not the unit's StateDirectory", env["KLIENT_DATA_DIR"])
	}
}

// knownSettings are the environment variables klient reads, from its
// source: env("KLIENT_X", …) and envInt read KLIENT_X and KLIENT_X_FILE;
// os.Getenv and os.LookupEnv read the one they name.
func knownSettings(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../cmd/klient/*.go")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if fn.Name == "env" || fn.Name == "envInt" {
					known[name], known[name+"_FILE"] = true, true
				}
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "os" && (fn.Sel.Name == "Getenv" || fn.Sel.Name == "LookupEnv") {
					known[name] = true
				}
			}
			return true
		})
	}
	if !known["KLIENT_DATABASE_URL_FILE"] || !known["KLIENT_MASTER_KEY"] {
		t.Fatalf("found no settings in cmd/klient: %v", known)
	}
	return known
}

// checkPinned: an image names a version (at least major.minor) or a
// digest; never latest, a floating name, or a major alone.
func checkPinned(t *testing.T, who, image string) {
	t.Helper()
	if strings.Contains(image, "@sha256:") {
		return
	}
	i := strings.LastIndex(image, ":")
	if i < 0 || strings.Contains(image[i:], "/") {
		t.Errorf("%s: image %s has no tag", who, image)
		return
	}
	if tag := image[i+1:]; !regexp.MustCompile(`^v?\d+\.\d+`).MatchString(tag) {
		t.Errorf("%s: image %s is not pinned to a version", who, image)
	}
}

// installed is where install-secrets.sh put the secrets: its TO directory.
type installed struct {
	to    string
	stack stack
}

// installed runs install-secrets.sh (once) as compose.yaml's
// install-secrets service would, into a directory standing for its
// volumes. Giving files to users 65532 and 1000 needs root.
func (s stack) installed(t *testing.T) installed {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("install-secrets.sh gives files to the services' users: needs root")
	}
	if *s.to != "" {
		return installed{to: *s.to, stack: s}
	}
	to := filepath.Join(s.dir, "to")
	*s.to = to
	cmd := exec.Command("sh", filepath.Join(s.dir, "install-secrets.sh"))
	cmd.Env = append(os.Environ(), "FROM="+s.dir, "TO="+to)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("install-secrets.sh: %v\n%s", err, out)
	}
	return installed{to: to, stack: s}
}

// resolve is where file, as svc sees it, is: under the mount that holds
// it, in the volume install-secrets fills (or the bind-mounted directory).
func (in installed) resolve(t *testing.T, svc composeService, file string) string {
	t.Helper()
	file = strings.TrimSpace(file)
	for _, m := range svc.mounts() {
		rel, err := filepath.Rel(m.target, file)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		if m.bind() {
			return filepath.Join(in.stack.dir, m.source, rel)
		}
		for _, im := range in.stack.compose.Services["install-secrets"].mounts() {
			if im.source == m.source {
				return filepath.Join(in.to, strings.TrimPrefix(im.target, "/to"), rel)
			}
		}
		t.Errorf("%s is on the volume %s, which install-secrets does not fill", file, m.source)
	}
	t.Errorf("%s is on no mount", file)
	return ""
}

func checkOwner(t *testing.T, file string, uid uint32, mode os.FileMode) {
	t.Helper()
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != uid || info.Mode().Perm() != mode {
		t.Errorf("%s: owner %d, mode %04o; want %d, %04o", file, st.Uid, info.Mode().Perm(), uid, mode)
	}
}

// checkNodeCertificate: the node's certificate, signed by the cluster's
// CA, is valid for the node's service name (how the others and Klient
// reach it) and localhost (its health check), as server and as client.
func checkNodeCertificate(t *testing.T, node, crtFile, caFile string) {
	t.Helper()
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM([]byte(readFile(t, caFile))) {
		t.Fatalf("%s: no CA certificate in %s", node, caFile)
	}
	block, _ := pem.Decode([]byte(readFile(t, crtFile)))
	if block == nil {
		t.Fatalf("%s: no certificate in %s", node, crtFile)
	}
	crt, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{node, "localhost"} {
		for _, usage := range []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth} {
			if _, err := crt.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
				t.Errorf("%s: certificate for %s (usage %v): %v", node, name, usage, err)
			}
		}
	}
	if crt.Subject.CommonName != "eventstoredb-node" {
		t.Errorf("%s: common name %q; KurrentDB's nodes expect eventstoredb-node", node, crt.Subject.CommonName)
	}
}

type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		Replicas    int    `yaml:"replicas"`
		ServiceName string `yaml:"serviceName"`
		ClusterIP   string `yaml:"clusterIP"`
		Template    struct {
			Spec k8sPod `yaml:"spec"`
		} `yaml:"template"`
		VolumeClaimTemplates []struct {
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
		} `yaml:"volumeClaimTemplates"`
	} `yaml:"spec"`
}

type k8sPod struct {
	SecurityContext struct {
		RunAsUser  int64 `yaml:"runAsUser"`
		RunAsGroup int64 `yaml:"runAsGroup"`
		FSGroup    int64 `yaml:"fsGroup"`
	} `yaml:"securityContext"`
	InitContainers []k8sContainer `yaml:"initContainers"`
	Containers     []k8sContainer `yaml:"containers"`
	Volumes        []struct {
		Name   string `yaml:"name"`
		Secret *struct {
			DefaultMode *int `yaml:"defaultMode"`
		} `yaml:"secret"`
		EmptyDir any `yaml:"emptyDir"`
	} `yaml:"volumes"`
}

type k8sContainer struct {
	Name  string `yaml:"name"`
	Image string `yaml:"image"`
	Env   []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
	ReadinessProbe *k8sProbe `yaml:"readinessProbe"`
	LivenessProbe  *k8sProbe `yaml:"livenessProbe"`
}

type k8sProbe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
	} `yaml:"httpGet"`
}

func readKubernetes(t *testing.T, file string) []k8sObject {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(readFile(t, file)))
	var out []k8sObject
	for {
		var o k8sObject
		if err := dec.Decode(&o); err != nil {
			if errors.Is(err, io.EOF) {
				return out
			}
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, o)
	}
}

func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(readFile(t, file)), v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

func readFile(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dockerfileEnv is what the Dockerfile's ENV lines set.
func dockerfileEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^ENV (.*)$`).FindAllStringSubmatch(readFile(t, "Dockerfile"), -1) {
		for _, kv := range strings.Fields(m[1]) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
	}
	return env
}

func envFile(t *testing.T, file string) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, line := range strings.Split(readFile(t, file), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	return env
}

func octal(mode *int) string {
	if mode == nil {
		return "unset"
	}
	return "0" + strconv.FormatInt(int64(*mode), 8)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// snapshot is every file under dir/secrets and dir/certs, by content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sub := range []string{"secrets", "certs"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[rel] = readFile(t, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// noDocker is a directory whose docker fails, put first on setup.sh's
// PATH: setup.sh must not need Docker.
func noDocker(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	stub := "#!/bin/sh\necho 'setup.sh must not need Docker' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
