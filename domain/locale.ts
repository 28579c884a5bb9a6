/** The languages the bot speaks: Vietnamese is the reference, English second. */
export type Locale = 'vi' | 'en';
