# sam build runs the target named after each function (template.yaml, BuildMethod: makefile), with
# ARTIFACTS_DIR set to where that function's package goes. The package is one jar in lib/, its entries stored,
# not deflated, which starts faster than classes and a folder of dependency jars (README: "Cold start").
#
#   MVN_FLAGS="-B -q -DskipTests" sam build    # without the test suite
MVN ?= mvn
MVN_FLAGS ?= -B -q

.PHONY: build-RuleFunction build-RemediationFunction
build-RuleFunction build-RemediationFunction:
	$(MVN) $(MVN_FLAGS) clean package
	rm -rf "$(ARTIFACTS_DIR)/lib"
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/keyguard-rule.jar "$(ARTIFACTS_DIR)/lib/"
