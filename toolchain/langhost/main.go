// pulumi-language-python: the Python language host this project builds for its Pulumi CLI.
//
// Pulumi's own host lives in a Go module that the module proxy reachable here does not
// serve, so this small host speaks the engine's LanguageRuntime protocol of the pinned
// release itself. It does what this project needs and no more:
//
//   - Runtime options, from `runtime.options` in Pulumi.yaml (or PulumiPolicy.yaml):
//     `virtualenv` names a directory, relative to the project root (where Pulumi.yaml is)
//     or absolute; the program, policy packs and `pulumi about` then run with its
//     bin/python, VIRTUAL_ENV set and its bin first on PATH, and a missing virtualenv is
//     an error that says to run `pulumi install`. `toolchain` may be `pip` (the default);
//     other toolchains (poetry, uv) and `typechecker` are refused, naming the option,
//     rather than silently ignored.
//     Without `virtualenv`, python3 from PATH (or PULUMI_PYTHON_CMD) runs everything: put
//     the project's virtualenv first on PATH (./dev does).
//   - Run: starts the program with the pulumi-language-python-exec script that ships in
//     the sdk module (copied beside this binary). A stack without any config gets an empty
//     config, not none.
//   - RunPlugin: starts a policy pack as `python -u -m pulumi.policy ARGS... DIR` in DIR,
//     behind the SDK's policy proxy, which gives it the stack's settings (PULUMI_STACK,
//     PULUMI_CONFIG and the like) as Pulumi's own host does; any other Python plugin
//     directory as `python -u DIR ARGS...`. Both with the interpreter of the plugin's own
//     runtime options, their output streamed back to the engine.
//   - InstallDependencies (`pulumi install`): with `virtualenv`, creates it if it is
//     missing (`python3 -m venv`) and installs into it, streaming pip's output:
//     requirements.txt from the program directory, else from the project root, with
//     `pip install -r` run in the file's directory (pip resolves relative paths in it from
//     there, so `-e .` means that directory); with neither, a pyproject.toml (program
//     directory, then root) is installed editable (`pip install -e DIR`), so that edits
//     to the program's own package need no reinstall. pip, setuptools and wheel are not
//     upgraded. Without `virtualenv` it installs nothing and says so in one line.
//   - Plugin discovery and code generation are not offered: dynamic providers need no
//     plugin.
//
// The dynamic-provider plugin (pulumi-resource-pulumi-python) is started by the engine,
// not by this host: it reads `virtualenv` from PULUMI_RUNTIME_VIRTUALENV and resolves a
// relative path against the program directory (`main`), not the project root
// (pulumi/pulumi#7061). With `main` in a subdirectory, give an absolute `virtualenv`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// The exec script exits with this code once it has shown the user an actionable message.
const exitAfterUserMessage = 32

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	execScript    string
}

func main() {
	// The engine passes its own address as the last argument; flags from older engines
	// (such as -root or -tracing) come before it and are not needed here.
	engineAddress := ""
	if len(os.Args) > 1 {
		engineAddress = os.Args[len(os.Args)-1]
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	host := &pythonHost{
		engineAddress: engineAddress,
		execScript:    filepath.Join(filepath.Dir(self), "pulumi-language-python-exec"),
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fail(err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
	os.Exit(1)
}

// runtime is what the project's `runtime.options` ask of this host.
type runtime struct {
	// virtualenv is the absolute path of the project's virtualenv, or "" to use the
	// Python found on PATH.
	virtualenv string
}

// runtimeOf reads the runtime options of a request's program. Options this host cannot
// honour are errors: a user who asked for poetry or a type check should not get a run
// that quietly did something else.
func runtimeOf(info *pulumirpc.ProgramInfo) (runtime, error) {
	var rt runtime
	options := info.GetOptions().AsMap()
	if toolchain, ok := options["toolchain"]; ok {
		if name, _ := toolchain.(string); name != "pip" {
			return rt, fmt.Errorf("runtime option toolchain: %v is not supported by this "+
				"project's Python language host: use toolchain: pip (or leave it out) with virtualenv", toolchain)
		}
	}
	if checker, ok := options["typechecker"]; ok {
		return rt, fmt.Errorf("runtime option typechecker: %v is not supported by this "+
			"project's Python language host: remove it and run the type checker yourself", checker)
	}
	value, ok := options["virtualenv"]
	if !ok {
		return rt, nil
	}
	dir, _ := value.(string)
	if dir == "" {
		return rt, fmt.Errorf("runtime option virtualenv must be a directory path, not %v", value)
	}
	if !filepath.IsAbs(dir) {
		// Relative to Pulumi.yaml, as Pulumi documents it, whatever `main` says.
		base := info.GetRootDirectory()
		if base == "" {
			base = info.GetProgramDirectory()
		}
		dir = filepath.Join(base, dir)
	}
	rt.virtualenv = filepath.Clean(dir)
	return rt, nil
}

// python is the interpreter that runs programs and plugins.
func (rt runtime) python() (string, error) {
	if rt.virtualenv == "" {
		return pythonOnPath()
	}
	// The venv's own bin/python, not the file it links to: only through this path does
	// Python see pyvenv.cfg and use the venv's site-packages.
	py := filepath.Join(rt.virtualenv, "bin", "python")
	if _, err := os.Stat(py); err != nil {
		return "", fmt.Errorf("the virtualenv %s (runtime option virtualenv) does not exist "+
			"or has no bin/python: run `pulumi install` to create it and install the dependencies", rt.virtualenv)
	}
	return py, nil
}

// env is the child's environment: an activated virtualenv, as `source bin/activate`
// would leave it, so that tools the program starts (pip, subprocesses) find it too.
func (rt runtime) env(base []string) []string {
	if rt.virtualenv == "" {
		return base
	}
	env := make([]string, 0, len(base)+2)
	path := ""
	for _, kv := range base {
		switch {
		case strings.HasPrefix(kv, "PATH="):
			path = strings.TrimPrefix(kv, "PATH=")
		case strings.HasPrefix(kv, "VIRTUAL_ENV="), strings.HasPrefix(kv, "PYTHONHOME="):
			// Another venv's marker, or a PYTHONHOME, would point Python elsewhere.
		default:
			env = append(env, kv)
		}
	}
	bin := filepath.Join(rt.virtualenv, "bin")
	if path != "" {
		bin += string(os.PathListSeparator) + path
	}
	return append(env, "VIRTUAL_ENV="+rt.virtualenv, "PATH="+bin)
}

func pythonOnPath() (string, error) {
	name := os.Getenv("PULUMI_PYTHON_CMD")
	if name == "" {
		name = "python3"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not on PATH: activate the project's virtualenv (./dev setup) "+
			"or set the runtime option virtualenv in Pulumi.yaml", name)
	}
	return path, nil
}

// programPath is the directory (or file) to run, from the request's ProgramInfo.
func programPath(info *pulumirpc.ProgramInfo, legacy, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		entry := info.GetEntryPoint()
		if entry == "" {
			entry = "."
		}
		return filepath.Join(info.GetProgramDirectory(), entry)
	}
	if legacy != "" {
		return legacy
	}
	return pwd
}

func (h *pythonHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *pythonHost) GetRequiredPlugins(
	ctx context.Context, _ *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, _ *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *pythonHost) GetProgramDependencies(
	ctx context.Context, _ *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// streamWriter sends a child's output to the engine.
type streamWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

// streams makes the child's stdout and stderr writers. gRPC allows one sender at a time
// on a stream, and exec copies stdout and stderr from two goroutines: they share a lock.
func streams(sendOut, sendErr func([]byte) error) (streamWriter, streamWriter) {
	mu := &sync.Mutex{}
	return streamWriter{mu, sendOut}, streamWriter{mu, sendErr}
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// exec reuses p for the next read, while gRPC may still hold the message it was sent in.
	if err := w.send(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	server grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	stdout, stderr := streams(
		func(b []byte) error { return server.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b}) },
		func(b []byte) error { return server.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b}) })
	info := req.GetInfo()
	rt, err := runtimeOf(info)
	if err != nil {
		return err
	}
	if rt.virtualenv == "" {
		_, err := fmt.Fprintln(stdout, "pulumi-language-python: no runtime option virtualenv, so nothing "+
			"to install: the program runs with python3 from PATH, which must have its dependencies")
		return err
	}
	run := func(dir, name string, args ...string) error {
		cmd := exec.CommandContext(server.Context(), name, args...)
		cmd.Dir = dir
		cmd.Env = rt.env(os.Environ())
		cmd.Stdout, cmd.Stderr = stdout, stderr
		return cmd.Run()
	}

	py := filepath.Join(rt.virtualenv, "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if entries, _ := os.ReadDir(rt.virtualenv); len(entries) > 0 {
			return fmt.Errorf("%s is not empty and has no bin/python, so it is not a virtualenv: "+
				"remove it or change the runtime option virtualenv", rt.virtualenv)
		}
		base, err := pythonOnPath()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Creating the virtualenv %s\n", rt.virtualenv)
		if err := run("", base, "-m", "venv", rt.virtualenv); err != nil {
			return fmt.Errorf("%s -m venv %s failed: %v", base, rt.virtualenv, err)
		}
	}

	// The program directory first: a program in a subdirectory (`main`) may keep its own
	// requirements beside it.
	dirs := []string{info.GetProgramDirectory(), info.GetRootDirectory()}
	if dirs[0] == "" {
		dirs[0] = req.GetDirectory()
	}
	pip := []string{"-m", "pip", "install", "--disable-pip-version-check"}
	for _, dir := range dirs {
		file := filepath.Join(dir, "requirements.txt")
		if dir != "" && isFile(file) {
			fmt.Fprintf(stdout, "Installing %s into %s\n", file, rt.virtualenv)
			if err := run(dir, py, append(pip, "-r", file)...); err != nil {
				return fmt.Errorf("pip install -r %s failed (%v): pip's output above says why", file, err)
			}
			return nil
		}
	}
	for _, dir := range dirs {
		file := filepath.Join(dir, "pyproject.toml")
		if dir != "" && isFile(file) {
			fmt.Fprintf(stdout, "Installing %s (editable, from %s) into %s\n", dir, file, rt.virtualenv)
			if err := run(dir, py, append(pip, "-e", dir)...); err != nil {
				return fmt.Errorf("pip install -e %s failed (%v): pip's output above says why (from %s)", dir, err, file)
			}
			return nil
		}
	}
	_, err = fmt.Fprintf(stdout, "No requirements.txt or pyproject.toml in %s: the virtualenv %s has "+
		"nothing installed\n", strings.Join(unique(dirs), " or "), rt.virtualenv)
	return err
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func unique(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if d != "" && (len(out) == 0 || out[len(out)-1] != d) {
			out = append(out, d)
		}
	}
	return out
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	rt, err := runtimeOf(req.GetInfo())
	if err != nil {
		return nil, err
	}
	py, err := rt.python()
	if err != nil {
		return nil, err
	}
	out, err := exec.CommandContext(ctx, py, "--version").Output()
	if err != nil {
		return nil, err
	}
	metadata := map[string]string{"toolchain": "pip"}
	if rt.virtualenv != "" {
		metadata["virtualenv"] = rt.virtualenv
	}
	return &pulumirpc.AboutResponse{
		Executable: py,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "Python "),
		Metadata:   metadata,
	}, nil
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	// Problems with the user's setup are program errors, shown as such, not RPC failures.
	rt, err := runtimeOf(req.GetInfo())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	py, err := rt.python()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	args := []string{"-u", h.execScript}
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engineAddress)
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", fmt.Sprint(req.GetDryRun()))
	add("parallel", fmt.Sprint(req.GetParallel()))
	add("organization", req.GetOrganization())
	add("root_directory", req.GetInfo().GetRootDirectory())
	args = append(args, programPath(req.GetInfo(), req.GetProgram(), "."))
	args = append(args, req.GetArgs()...)

	// A stack with no config at all arrives as a nil map, which JSON spells `null`; the
	// SDK then fails on `None.items()` before the program starts.
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Dir = req.GetPwd()
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Env = append(rt.env(os.Environ()),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets))
	err = cmd.Run()
	// Python may die before flushing: make sure the engine sees what it printed.
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.ExitStatus() == exitAfterUserMessage {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start the Python program: %v", err)}, nil
}

// stackVariables are the settings of the stack under check that pulumi.policy reads from
// the environment: PULUMI_STACK, PULUMI_PROJECT, PULUMI_ORGANIZATION, PULUMI_DRY_RUN and
// PULUMI_CONFIG (the stack's config as JSON). None when the engine sent none (an engine
// that asks the pack about itself first).
func stackVariables(stack *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	if stack == nil {
		return nil, nil
	}
	var vars []string
	add := func(name, value string) {
		if value != "" {
			vars = append(vars, name+"="+value)
		}
	}
	add("PULUMI_ORGANIZATION", stack.GetOrganization())
	add("PULUMI_PROJECT", stack.GetProject())
	add("PULUMI_STACK", stack.GetStack())
	add("PULUMI_DRY_RUN", strconv.FormatBool(stack.GetDryRun()))
	if config := stack.GetConfig(); config != nil {
		text, err := json.Marshal(config)
		if err != nil {
			return nil, fmt.Errorf("could not write the stack's config for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(text))
	}
	return vars, nil
}

func (h *pythonHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	rt, err := runtimeOf(req.GetInfo())
	if err != nil {
		return err
	}
	py, err := rt.python()
	if err != nil {
		return err
	}
	dir := programPath(req.GetInfo(), req.GetProgram(), req.GetPwd())
	pack := req.GetKind() == "analyzer"
	args := append([]string{"-u", dir}, req.GetArgs()...)
	if pack {
		// A policy pack runs under the SDK's pack runner, which sets the pack's config
		// and stack settings up from the environment before running its __main__.py, as
		// Pulumi's own host starts packs.
		args = append(append([]string{"-u", "-m", "pulumi.policy"}, req.GetArgs()...), dir)
	}
	stdout, stderr := streams(
		func(b []byte) error {
			return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
		},
		func(b []byte) error {
			return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
		})

	ctx := server.Context()
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Dir = req.GetPwd()
	env := req.GetEnv()
	if len(env) == 0 {
		env = os.Environ()
	}
	cmd.Env = rt.env(env)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	run := cmd.Run
	if pack {
		// The pack runs in its own folder and learns the stack it judges from its
		// environment, as under Pulumi's host: the SDK's policy proxy answers the engine
		// first, takes the stack's settings from it, and then hands the engine's calls
		// on to the pack started with them.
		cmd.Dir = dir
		proxy, packStdout, err := sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack's proxy: %w", err)
		}
		stack, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("the engine sent no stack settings for the policy pack: %w", err)
		}
		vars, err := stackVariables(stack)
		if err != nil {
			return err
		}
		cmd.Env = append(cmd.Env, vars...)
		cmd.Stdout = packStdout
		run = func() error {
			if err := cmd.Start(); err != nil {
				return err
			}
			return proxy.Attach(ctx, cmd)
		}
	}
	if err := run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			// Through the output's writer, so under its lock: the policy proxy may still be
			// copying the pack's last output when the pack has exited.
			exitCode := streamWriter{stdout.mu, func([]byte) error {
				return server.Send(&pulumirpc.RunPluginResponse{
					Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())},
				})
			}}
			_, err := exitCode.Write(nil)
			return err
		}
		return fmt.Errorf("could not start the Python plugin: %w", err)
	}
	return nil
}
