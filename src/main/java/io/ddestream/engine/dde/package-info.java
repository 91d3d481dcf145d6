/**
 * The denoising learner: Adam steps on the denoising loss with fresh noise each step, a guard that refuses
 * divergent steps, the weight average that models are made from, the sigma schedule and the learning-rate decay of
 * offline fits (docs/method.md section 1), and the exported state a learner resumes from elsewhere.
 *
 * <p>Points arrive already standardized; what they are and where they come from (a file, a stream's reservoir) is
 * the caller's business. Learners are mutable and single-threaded.
 */
package io.ddestream.engine.dde;
