/** Trainer/deployer service and model registry: retrain on fresh labelled data, evaluate, register, deploy. */
package io.driftwatch.trainer;
