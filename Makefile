# sam build runs the target named after each function (template.yaml and deploy/lambda-hook.yaml, BuildMethod:
# makefile), with ARTIFACTS_DIR set to where that function's package goes. The package is one jar in lib/, its
# entries stored, not deflated, which starts faster than classes and a folder of dependency jars (README: "Cold
# start").
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
