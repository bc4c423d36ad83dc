# sam build runs the target named after each function (template.yaml and deploy/lambda-hook.yaml, BuildMethod:
# makefile), with ARTIFACTS_DIR set to where that function's package goes. The package is one jar in lib/, its
# entries stored, not deflated, which starts faster than classes and a folder of dependency jars (docs/cold-start.md).
#
# SAM builds each function with a Makefile on its own, so the test suite is left to `mvn -B verify`:
#   MVN_FLAGS="-B -q" sam build    # with the test suite, once per function
MVN ?= mvn
MVN_FLAGS ?= -B -q -DskipTests

.PHONY: build-RuleFunction build-RemediationFunction build-HookFunction
build-RuleFunction build-RemediationFunction build-HookFunction:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: sam build sets it to where the package goes))
	$(MVN) $(MVN_FLAGS) clean package
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/keyguard-rule.jar "$(ARTIFACTS_DIR)/lib/"

# make release: the release artifacts in dist/, for the version in pom.xml (the one place it is set).
#   dist/keyguard-rule-<version>.jar   the command line (scan in CI) and the Lambda package, target/keyguard-rule.jar
#   dist/LICENSE, dist/NOTICE          the licence and the notices of the components the jar bundles
#   dist/*.packaged.yaml               template.yaml and deploy/lambda-hook.yaml after sam build and sam package,
#                                      only with sam on the PATH and SAM_PACKAGE_ARGS, where sam package uploads:
#                                      make release SAM_PACKAGE_ARGS=--resolve-s3   (or --s3-bucket NAME)
#   dist/SHA256SUMS                    checked with: (cd dist && sha256sum -c SHA256SUMS)
# It refuses to start when template.yaml's SemanticVersion or CHANGELOG.md does not name that version (a build
# that rewrote tracked files would release something no commit holds), then runs the whole suite (mvn verify);
# SKIP_TESTS=1 skips it.
VERSION = $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml)
SEMANTIC_VERSION = $(shell sed -n 's/^    SemanticVersion: *//p' template.yaml | tr -d "'\"")
SAM ?= sam
SAM_PACKAGE_ARGS ?=
SKIP_TESTS ?=

.PHONY: release
release:
	@test -n "$(VERSION)" || { echo "release: pom.xml has no <version>" >&2; exit 1; }
	@test "$(SEMANTIC_VERSION)" = "$(VERSION)" || { echo "release: template.yaml's SemanticVersion is" \
		"'$(SEMANTIC_VERSION)', pom.xml's version '$(VERSION)': set SemanticVersion to $(VERSION)" >&2; exit 1; }
	@grep -q '^## \[$(VERSION)\] - ' CHANGELOG.md || { echo "release: CHANGELOG.md has no section" \
		"'## [$(VERSION)] - YYYY-MM-DD'" >&2; exit 1; }
	$(MVN) -B $(if $(SKIP_TESTS),-DskipTests) clean verify
	@test "$$(java -jar target/keyguard-rule.jar --version)" = "keyguard $(VERSION)" \
		|| { echo "release: target/keyguard-rule.jar does not say it is version $(VERSION)" >&2; exit 1; }
	rm -rf dist
	mkdir dist
	cp target/keyguard-rule.jar dist/keyguard-rule-$(VERSION).jar
	cp LICENSE NOTICE dist/
	@if command -v $(SAM) >/dev/null && [ -n "$(SAM_PACKAGE_ARGS)" ]; then \
		set -ex; \
		$(SAM) build --template-file template.yaml --build-dir .aws-sam/build; \
		$(SAM) package --template-file .aws-sam/build/template.yaml $(SAM_PACKAGE_ARGS) \
			--output-template-file dist/template.packaged.yaml; \
		$(SAM) build --template-file deploy/lambda-hook.yaml --build-dir .aws-sam/build-hook; \
		$(SAM) package --template-file .aws-sam/build-hook/template.yaml $(SAM_PACKAGE_ARGS) \
			--output-template-file dist/lambda-hook.packaged.yaml; \
		echo "Publish: $(SAM) publish --template dist/template.packaged.yaml --region REGION"; \
	else \
		echo "No packaged templates: they need sam on the PATH and SAM_PACKAGE_ARGS (README: \"Release, license and dependencies\"):"; \
		echo "  make release SAM_PACKAGE_ARGS=--resolve-s3"; \
	fi
	cd dist && sha256sum $$(ls | grep -vx SHA256SUMS) > SHA256SUMS
	@ls -l dist
