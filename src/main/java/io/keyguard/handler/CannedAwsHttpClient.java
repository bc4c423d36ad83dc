package io.keyguard.handler;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers the three calls of a change evaluation
 * (DescribeEndpointConfig, DescribeKey, PutEvaluations) with canned AWS JSON responses, and anything else
 * with an error, so that priming runs the SDK's real marshalling, signing and unmarshalling without calling
 * AWS.
 */
final class CannedAwsHttpClient implements SdkHttpClient {

    static final String DESCRIBE = "SageMaker.DescribeEndpointConfig";
    static final String DESCRIBE_KEY = "TrentService.DescribeKey";
    static final String PUT = "StarlingDoveService.PutEvaluations";
    /** The customer-managed key the canned config names; DescribeKey answers that it is enabled. */
    static final String KEY_ARN = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000";

    private static final Map<String, String> ANSWERS = Map.of(
            DESCRIBE, """
                    {"EndpointConfigName":"keyguard-priming","EndpointConfigArn":\
                    "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/keyguard-priming",\
                    "ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"keyguard-priming-model",\
                    "InitialInstanceCount":1,"InstanceType":"ml.m5.large","InitialVariantWeight":1.0}],\
                    "DataCaptureConfig":{"EnableCapture":false,"InitialSamplingPercentage":100,\
                    "DestinationS3Uri":"s3://keyguard-priming/capture","CaptureOptions":[{"CaptureMode":"Input"}]},\
                    "KmsKeyId":"%1$s","CreationTime":1.7636250005E9}""".formatted(KEY_ARN),
            DESCRIBE_KEY, """
                    {"KeyMetadata":{"AWSAccountId":"000000000000","KeyId":"00000000-0000-0000-0000-000000000000",\
                    "Arn":"%1$s","CreationDate":1.7636250005E9,"Enabled":true,"Description":"keyguard priming",\
                    "KeyUsage":"ENCRYPT_DECRYPT","KeyState":"Enabled","Origin":"AWS_KMS","KeyManager":"CUSTOMER",\
                    "CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","KeySpec":"SYMMETRIC_DEFAULT",\
                    "EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"MultiRegion":false}}""".formatted(KEY_ARN),
            PUT, "{\"FailedEvaluations\":[]}");

    private final List<String> answered = new ArrayList<>();

    /** The X-Amz-Target of every request answered, in order. */
    synchronized List<String> answered() {
        return List.copyOf(answered);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
            }
        };
    }

    private synchronized HttpExecuteResponse answer(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        answered.add(target);
        String answer = ANSWERS.get(target);
        int status = answer == null ? 400 : 200;
        if (answer == null) {
            answer = "{\"__type\":\"UnknownOperationException\",\"message\":\"not primed: " + target + "\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("Content-Length", String.valueOf(bytes.length))
                        .putHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    @Override
    public String clientName() {
        return "KeyguardPriming";
    }

    @Override
    public void close() {
    }
}
